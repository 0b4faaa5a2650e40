// SPDX-License-Identifier: Apache-2.0
#include "diffpane.h"

#include "widgets/yamlhighlighter.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPlainTextDocumentLayout>
#include <QPointer>
#include <QScrollBar>
#include <QTextBlock>

using namespace Qt::StringLiterals;

namespace Capstan {

DiffColors DiffColors::forPalette(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    if (dark) {
        return {QColor(0x4b, 0x21, 0x26), QColor(0x8a, 0x33, 0x3a), QColor(0x1d, 0x44, 0x2b),
                QColor(0x2f, 0x77, 0x45), QColor(0x23, 0x35, 0x4d), QColor(0x55, 0x55, 0x5c)};
    }
    return {QColor(0xff, 0xeb, 0xe9), QColor(0xff, 0xb3, 0xad), QColor(0xe6, 0xff, 0xec),
            QColor(0x9a, 0xe8, 0xac), QColor(0xe3, 0xed, 0xfa), QColor(0xc8, 0xc8, 0xcc)};
}

class DiffPane::Gutter : public QWidget
{
public:
    explicit Gutter(DiffPane *pane)
        : QWidget(pane)
        , m_pane(pane)
    { }
    QSize sizeHint() const override { return {m_pane->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_pane->paintGutter(event); }
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        // A click on a fold's number column opens it, as on its text.
        const QTextBlock block = m_pane->cursorForPosition(QPoint(0, event->position().toPoint().y())).block();
        const int line = block.blockNumber();
        if (line >= 0 && line < m_pane->m_lines.size() && m_pane->m_lines.at(line).kind == DiffLine::Kind::Fold)
            Q_EMIT m_pane->foldActivated(m_pane->m_lines.at(line).foldRow);
    }

private:
    DiffPane *m_pane;
};

DiffPane::DiffPane(Numbers numbers, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_numbers(numbers)
    , m_gutter(new Gutter(this))
{
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setViewportMargins(gutterWidth(), 0, 0, 0);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
}

void DiffPane::setNumbers(Numbers numbers)
{
    m_numbers = numbers;
    setViewportMargins(gutterWidth(), 0, 0, 0);
    m_gutter->update();
}

int DiffPane::gutterWidth() const
{
    const int columns = m_numbers == Numbers::Both ? 2 * m_digits + 4 : m_digits + 3;
    return fontMetrics().horizontalAdvance(u'9') * columns;
}

void DiffPane::setLines(const QList<DiffLine> &lines, const QStringList &oldLines, const QStringList &newLines)
{
    m_lines = lines;
    m_old = oldLines;
    m_new = newLines;
    m_digits = int(QString::number(std::max(oldLines.size(), newLines.size())).size());
    setViewportMargins(gutterWidth(), 0, 0, 0);
    render();
}

void DiffPane::render()
{
    const DiffColors colors = DiffColors::forPalette(palette());
    // A fresh document, filled first and highlighted once.
    auto *document = new QTextDocument(this);
    document->setDocumentLayout(new QPlainTextDocumentLayout(document));
    document->setDefaultFont(font());
    document->setUndoRedoEnabled(false);
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    QTextBlockFormat plainBlock;
    QTextCharFormat plain;
    bool first = true;
    for (const DiffLine &line : std::as_const(m_lines)) {
        QTextBlockFormat blockFormat = plainBlock;
        QColor strong;
        QString text;
        switch (line.kind) {
        case DiffLine::Kind::Equal:
            text = line.oldLine >= 0 ? m_old.value(line.oldLine) : m_new.value(line.newLine);
            break;
        case DiffLine::Kind::Removed:
            text = m_old.value(line.oldLine);
            blockFormat.setBackground(colors.removed);
            strong = colors.removedStrong;
            break;
        case DiffLine::Kind::Added:
            text = m_new.value(line.newLine);
            blockFormat.setBackground(colors.added);
            strong = colors.addedStrong;
            break;
        case DiffLine::Kind::Filler:
            blockFormat.setBackground(QBrush(colors.filler, Qt::BDiagPattern));
            break;
        case DiffLine::Kind::Fold:
            text = tr("⋯ %n unchanged line(s): click to show", nullptr, line.foldCount);
            blockFormat.setBackground(colors.fold);
            blockFormat.setProperty(YamlHighlighter::NotYamlProperty, true);
            break;
        }
        if (first) {
            cursor.setBlockFormat(blockFormat);
            first = false;
        } else {
            cursor.insertBlock(blockFormat, plain);
        }
        if (line.spans.isEmpty() || !strong.isValid()) {
            cursor.insertText(text, plain);
            continue;
        }
        QTextCharFormat marked;
        marked.setBackground(strong);
        qsizetype at = 0;
        for (const Diff::TextDiff::Span &span : line.spans) {
            if (span.start > at)
                cursor.insertText(text.mid(at, span.start - at), plain);
            cursor.insertText(text.mid(span.start, span.length), marked);
            at = span.start + span.length;
        }
        if (at < text.size())
            cursor.insertText(text.mid(at), plain);
    }
    cursor.endEditBlock();
    YamlHighlighter::attach(document);

    // The edit deletes its own first document itself; ours are deleted here.
    QPointer<QTextDocument> old = this->document();
    const int scroll = verticalScrollBar()->value();
    setDocument(document);
    if (old && old->parent() == this)
        delete old.data();
    verticalScrollBar()->setValue(scroll);
}

void DiffPane::showLine(int line)
{
    const QTextBlock block = document()->findBlockByNumber(line);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    setTextCursor(cursor);
    // Put the line in the upper third, with context above it.
    verticalScrollBar()->setValue(std::max(0, line - visibleLines() / 3));
}

int DiffPane::topLine() const
{
    return verticalScrollBar()->value();
}

int DiffPane::visibleLines() const
{
    return std::max(1, viewport()->height() / std::max(1, fontMetrics().lineSpacing()));
}

void DiffPane::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect contents = contentsRect();
    m_gutter->setGeometry(QRect(contents.left(), contents.top(), gutterWidth(), contents.height()));
}

void DiffPane::mouseReleaseEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || textCursor().hasSelection())
        return;
    const int line = cursorForPosition(event->position().toPoint()).blockNumber();
    if (line >= 0 && line < m_lines.size() && m_lines.at(line).kind == DiffLine::Kind::Fold)
        Q_EMIT foldActivated(m_lines.at(line).foldRow);
}

void DiffPane::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        const int line = textCursor().blockNumber();
        if (line >= 0 && line < m_lines.size() && m_lines.at(line).kind == DiffLine::Kind::Fold) {
            Q_EMIT foldActivated(m_lines.at(line).foldRow);
            return;
        }
    }
    QPlainTextEdit::keyPressEvent(event);
}

void DiffPane::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_lines.isEmpty())
        render();
}

void DiffPane::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    const QPalette pal = palette();
    const DiffColors colors = DiffColors::forPalette(pal);
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    painter.setFont(font());
    const int digitWidth = fontMetrics().horizontalAdvance(u'9');
    const int numberWidth = digitWidth * m_digits;

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        const int line = block.blockNumber();
        if (block.isVisible() && line < m_lines.size() && top + height >= event->rect().top()) {
            const DiffLine &d = m_lines.at(line);
            const QRect row(0, top, m_gutter->width(), height);
            QChar sign = u' ';
            if (d.kind == DiffLine::Kind::Removed) {
                painter.fillRect(row, colors.removedStrong);
                sign = u'−';
            } else if (d.kind == DiffLine::Kind::Added) {
                painter.fillRect(row, colors.addedStrong);
                sign = u'+';
            } else if (d.kind == DiffLine::Kind::Fold) {
                painter.fillRect(row, colors.fold);
            }
            painter.setPen(pal.color(QPalette::PlaceholderText));
            int x = digitWidth / 2;
            const auto number = [&](int value) {
                if (value >= 0)
                    painter.drawText(QRect(x, top, numberWidth, height), Qt::AlignRight | Qt::AlignVCenter,
                                     QString::number(value + 1));
                x += numberWidth + digitWidth;
            };
            if (m_numbers != Numbers::New)
                number(d.oldLine);
            if (m_numbers != Numbers::Old)
                number(d.newLine);
            painter.setPen(pal.color(QPalette::Text));
            painter.drawText(QRect(x, top, digitWidth, height), Qt::AlignCenter, QString(sign));
        }
        block = block.next();
        top += height;
    }
}

} // namespace Capstan
