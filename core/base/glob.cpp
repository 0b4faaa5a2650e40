// SPDX-License-Identifier: Apache-2.0
#include "glob.h"

using namespace Qt::StringLiterals;

namespace Capstan {

Glob::Glob(const QString &pattern, QChar separator)
{
    const QString any = separator.isNull() ? u"."_s : u"[^"_s + QRegularExpression::escape(separator) + u']';
    QString expression;
    int braces = 0;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        switch (c.unicode()) {
        case u'*':
            // With a separator, '*' stays within one segment and '**' crosses them.
            if (!separator.isNull() && i + 1 < pattern.size() && pattern.at(i + 1) == u'*') {
                expression += u".*"_s;
                ++i;
            } else {
                expression += any + u'*';
            }
            break;
        case u'?':
            expression += any;
            break;
        case u'[': {
            const qsizetype end = pattern.indexOf(u']', i + 2);
            if (end < 0) {
                expression += u"\\["_s;
                break;
            }
            QString set = pattern.mid(i + 1, end - i - 1);
            if (set.startsWith(u'!'))
                set[0] = u'^';
            expression += u'[' + set.replace(u"\\"_s, u"\\\\"_s) + u']';
            i = end;
            break;
        }
        case u'{':
            ++braces;
            expression += u"(?:"_s;
            break;
        case u'}':
            if (braces > 0) {
                --braces;
                expression += u')';
            } else {
                expression += u"\\}"_s;
            }
            break;
        case u',':
            expression += braces > 0 ? u"|"_s : u","_s;
            break;
        case u'\\':
            if (i + 1 < pattern.size())
                expression += QRegularExpression::escape(pattern.at(++i));
            break;
        default:
            expression += QRegularExpression::escape(c);
        }
    }
    // An unclosed brace leaves an invalid expression, reported by isValid().
    while (braces-- > 0)
        expression += u"(?:"_s;
    m_expression.setPattern(QRegularExpression::anchoredPattern(expression));
}

} // namespace Capstan
