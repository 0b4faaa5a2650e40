// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/difflayout.h"

#include <QWidget>

namespace Capstan {

/// The overview ruler beside a diff: where in the whole text the changes
/// are (red removed, green added, both where a line changed), with the part
/// on screen outlined. A click or drag scrolls there.
class DiffOverview : public QWidget
{
    Q_OBJECT

public:
    explicit DiffOverview(QWidget *parent = nullptr);

    void setDiffLayout(const DiffLayout &layout);
    /// The lines on screen, each @p lineHeight pixels high.
    void setViewport(int firstLine, int lineCount, int lineHeight);
    QSize sizeHint() const override { return {14, 100}; }

Q_SIGNALS:
    /// The user pointed at @p line: scroll it into the middle.
    void lineRequested(int line);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    int lineAt(int y) const;

    /// Per line: 1 removed, 2 added, 3 both.
    QList<quint8> m_marks;
    int m_first = 0;
    int m_visible = 0;
    int m_lineHeight = 1;
    /// Pixels per line: the lines' own height while they all fit.
    double perLine() const;
};

} // namespace Capstan
