// SPDX-License-Identifier: Apache-2.0
#include "yamlhighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTextDocument>

#ifdef CAPSTAN_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

using namespace Qt::StringLiterals;

namespace Capstan {

QSyntaxHighlighter *YamlHighlighter::attach(QTextDocument *document)
{
#ifdef CAPSTAN_HAVE_KSYNTAXHIGHLIGHTING
    static KSyntaxHighlighting::Repository repository;
    const KSyntaxHighlighting::Definition definition = repository.definitionForName(u"YAML"_s);
    if (definition.isValid()) {
        auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
        highlighter->setDefinition(definition);
        const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
        highlighter->setTheme(repository.defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                           : KSyntaxHighlighting::Repository::LightTheme));
        return highlighter;
    }
#endif
    return new YamlHighlighter(document);
}

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_key.setForeground(dark ? QColor(0x7a, 0xb7, 0xff) : QColor(0x1f, 0x4e, 0xa8));
    m_string.setForeground(dark ? QColor(0xa5, 0xd6, 0x8c) : QColor(0x2e, 0x7d, 0x32));
    m_number.setForeground(dark ? QColor(0xf0, 0xa8, 0x6c) : QColor(0xb2, 0x4d, 0x00));
    m_keyword.setForeground(dark ? QColor(0xd7, 0x9e, 0xf5) : QColor(0x8e, 0x24, 0xaa));
    m_comment.setForeground(dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x75, 0x75, 0x75));
    m_comment.setFontItalic(true);
    m_marker.setForeground(m_comment.foreground());
    m_marker.setFontWeight(QFont::Bold);
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    if (currentBlock().blockFormat().hasProperty(NotYamlProperty)) {
        QTextCharFormat quiet = m_comment;
        quiet.setFontItalic(true);
        setFormat(0, int(text.size()), quiet);
        setCurrentBlockState(previousBlockState());
        return;
    }
    // Inside a literal block (a line after "key: |" indented deeper), everything is text.
    static const QRegularExpression blockStart(u"^(\\s*)(?:- )?[^#:]+:\\s*[|>][-+]?\\s*$"_s);
    const int previous = previousBlockState(); // indentation of the block's key, or -1
    qsizetype leading = 0;
    while (leading < text.size() && text.at(leading) == u' ')
        ++leading;
    if (previous >= 0 && (text.trimmed().isEmpty() || leading > previous)) {
        setFormat(0, int(text.size()), m_string);
        setCurrentBlockState(previous);
        return;
    }
    setCurrentBlockState(-1);
    if (const QRegularExpressionMatch match = blockStart.match(text); match.hasMatch())
        setCurrentBlockState(int(match.capturedLength(1)));

    if (text.startsWith(u"---"_s) || text.startsWith(u"..."_s)) {
        setFormat(0, int(text.size()), m_marker);
        return;
    }
    static const QRegularExpression line(
        u"^(\\s*)(- +)?(?:((?:\"[^\"]*\"|'[^']*'|[^\\s#:][^#:]*?))(\\s*:)(?=\\s|$))?\\s*(.*)$"_s);
    const QRegularExpressionMatch m = line.match(text);
    if (!m.hasMatch())
        return;
    if (m.capturedLength(2) > 0)
        setFormat(int(m.capturedStart(2)), 1, m_marker);
    if (m.capturedLength(3) > 0)
        setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), m_key);
    const QString value = m.captured(5);
    const int start = int(m.capturedStart(5));
    if (value.isEmpty())
        return;
    // A comment: '#' at the start of the value or after a space, outside quotes.
    qsizetype comment = -1;
    QChar quote;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u'#' && (i == 0 || value.at(i - 1).isSpace())) {
            comment = i;
            break;
        }
    }
    const QString scalar = (comment < 0 ? value : value.left(comment)).trimmed();
    static const QRegularExpression number(
        u"^[-+]?(?:[0-9][0-9_]*(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.inf|\\.nan)$"_s);
    static const QRegularExpression keyword(u"^(?:true|false|yes|no|on|off|null|~|True|False|Null)$"_s);
    if (scalar.startsWith(u'"') || scalar.startsWith(u'\''))
        setFormat(start, int(scalar.size()), m_string);
    else if (number.match(scalar).hasMatch())
        setFormat(start, int(scalar.size()), m_number);
    else if (keyword.match(scalar).hasMatch())
        setFormat(start, int(scalar.size()), m_keyword);
    else if (!scalar.startsWith(u'|') && !scalar.startsWith(u'>') && !scalar.startsWith(u'{')
             && !scalar.startsWith(u'['))
        setFormat(start, int(scalar.size()), m_string);
    if (comment >= 0)
        setFormat(start + int(comment), int(value.size() - comment), m_comment);
}

} // namespace Capstan
