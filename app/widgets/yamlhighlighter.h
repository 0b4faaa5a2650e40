// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QTextDocument;

namespace Capstan {

/// YAML colours for the manifests Capstan shows: KSyntaxHighlighting's YAML
/// definition and theme when the build has KF6 SyntaxHighlighting, otherwise
/// this small highlighter of its own (keys, strings, numbers and booleans,
/// comments, document markers and list dashes), with colours that read on a
/// light or a dark palette.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    /// A block format property: blocks that have it are not YAML (the diff
    /// viewer's fold lines) and are shown in a quiet italic instead.
    static constexpr int NotYamlProperty = QTextFormat::UserProperty + 1;

    /// Highlights @p document with the best highlighter this build has.
    static QSyntaxHighlighter *attach(QTextDocument *document);

    explicit YamlHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_keyword;
    QTextCharFormat m_comment;
    QTextCharFormat m_marker;
};

} // namespace Capstan
