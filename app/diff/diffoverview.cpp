// SPDX-License-Identifier: Apache-2.0
#include "diffoverview.h"

#include "diff/diffpane.h"

#include <QMouseEvent>
#include <QPainter>

namespace Capstan {

DiffOverview::DiffOverview(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("diffOverview"));
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Where the changes are: click to go there"));
}

void DiffOverview::setDiffLayout(const DiffLayout &layout)
{
    const auto markOf = [](const DiffLine &line) -> quint8 {
        switch (line.kind) {
        case DiffLine::Kind::Removed:
            return 1;
        case DiffLine::Kind::Added:
            return 2;
        default:
            return 0;
        }
    };
    m_marks.resize(layout.lineCount());
    for (int i = 0; i < layout.lineCount(); ++i) {
        quint8 mark = markOf(layout.left().at(i));
        if (!layout.right().isEmpty())
            mark |= markOf(layout.right().at(i));
        m_marks[i] = mark;
    }
    update();
}

void DiffOverview::setViewport(int firstLine, int lineCount, int lineHeight)
{
    if (firstLine == m_first && lineCount == m_visible && lineHeight == m_lineHeight)
        return;
    m_first = firstLine;
    m_visible = lineCount;
    m_lineHeight = std::max(1, lineHeight);
    update();
}

double DiffOverview::perLine() const
{
    return std::min(double(m_lineHeight), double(height()) / std::max(1, int(m_marks.size())));
}

void DiffOverview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::AlternateBase));
    const int lines = std::max(1, int(m_marks.size()));
    const double perLine = this->perLine();
    const DiffColors colors = DiffColors::forPalette(palette());
    const QColor removed = colors.removedStrong.darker(palette().color(QPalette::Base).lightness() < 128 ? 70 : 120);
    const QColor added = colors.addedStrong.darker(palette().color(QPalette::Base).lightness() < 128 ? 70 : 120);
    // Runs of the same mark are one rectangle, at least two pixels high.
    int i = 0;
    while (i < m_marks.size()) {
        const quint8 mark = m_marks.at(i);
        int end = i + 1;
        while (end < m_marks.size() && m_marks.at(end) == mark)
            ++end;
        if (mark) {
            const int top = int(i * perLine);
            const int bottom = std::max(top + 2, int(end * perLine));
            const int w = width() - 4;
            if (mark == 3) {
                painter.fillRect(2, top, w / 2, bottom - top, removed);
                painter.fillRect(2 + w / 2, top, w - w / 2, bottom - top, added);
            } else {
                painter.fillRect(2, top, w, bottom - top, mark == 1 ? removed : added);
            }
        }
        i = end;
    }
    if (m_visible > 0 && m_visible < lines) {
        QColor frame = palette().color(QPalette::Highlight);
        painter.setPen(frame);
        frame.setAlpha(40);
        painter.setBrush(frame);
        painter.drawRect(QRectF(0.5, m_first * perLine, width() - 1.0, std::max(3.0, m_visible * perLine)));
    }
}

int DiffOverview::lineAt(int y) const
{
    if (m_marks.isEmpty() || height() <= 0)
        return 0;
    return std::clamp(int(y / perLine()), 0, int(m_marks.size()) - 1);
}

void DiffOverview::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT lineRequested(lineAt(event->position().toPoint().y()));
}

void DiffOverview::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        Q_EMIT lineRequested(lineAt(event->position().toPoint().y()));
}

} // namespace Capstan
