// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/difflayout.h"

#include <QPlainTextEdit>

namespace Capstan {

/// The colours of a diff, readable on the current palette (light or dark).
struct DiffColors
{
    QColor removed;
    QColor removedStrong;
    QColor added;
    QColor addedStrong;
    QColor fold;
    QColor filler;

    static DiffColors forPalette(const QPalette &palette);
};

/// One pane of a diff view: the lines of a DiffLayout as a read-only,
/// highlighted text (YAML) with line backgrounds for removed and added lines,
/// stronger ones for the characters that changed inside a line, hatched
/// fillers, and fold lines that open on a click or Enter. The gutter shows
/// the old and/or new line numbers.
class DiffPane : public QPlainTextEdit
{
    Q_OBJECT

public:
    enum class Numbers { Old, New, Both };

    explicit DiffPane(Numbers numbers, QWidget *parent = nullptr);

    /// Shows @p lines of the texts @p oldLines and @p newLines.
    void setLines(const QList<DiffLine> &lines, const QStringList &oldLines, const QStringList &newLines);
    const QList<DiffLine> &lines() const { return m_lines; }
    void setNumbers(Numbers numbers);

    /// Scrolls line @p line to the upper third and puts the cursor there.
    void showLine(int line);
    /// The first line shown at the top.
    int topLine() const;
    /// The lines the viewport has room for.
    int visibleLines() const;

Q_SIGNALS:
    void foldActivated(int foldRow);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    class Gutter;
    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);
    void render();

    Numbers m_numbers;
    Gutter *m_gutter;
    QList<DiffLine> m_lines;
    QStringList m_old;
    QStringList m_new;
    int m_digits = 1;
};

} // namespace Capstan
