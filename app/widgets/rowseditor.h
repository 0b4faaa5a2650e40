// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMap>
#include <QStringList>
#include <QVariant>
#include <QWidget>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace Capstan {

/// A short list of rows of text (source repositories; destinations as
/// server, name and namespace; kinds as group and kind) edited in place: Add
/// puts a new row and starts editing it, Remove (or Delete) takes the
/// selected rows away. A column can offer suggestions (registered
/// repositories, clusters, actions) while still taking any text. Rows with a
/// problem are marked and their messages listed below the table; an empty
/// list says what being empty means ("no cluster-scoped kinds").
class RowsEditor : public QWidget
{
    Q_OBJECT

public:
    RowsEditor(const QStringList &headers, QWidget *parent = nullptr);

    QList<QStringList> rows() const;
    int rowCount() const;
    void setRows(const QList<QStringList> &rows);
    /// What the empty list means, shown in its place.
    void setEmptyText(const QString &text);
    /// Offered in @p column's editor; any other text is taken too.
    void setSuggestions(int column, const QStringList &values);
    /// The value a new row starts with in each column.
    void setDefaults(const QStringList &values);
    /// Marks the rows of @p errors (by row) and lists their messages.
    void setRowErrors(const QMap<int, QString> &errors);
    QString rowError(int row) const { return m_errors.value(row); }

    /// Data kept with a row (and moved or removed with it) that the table
    /// does not show.
    QVariant rowData(int row) const;
    void setRowData(int row, const QVariant &data);

    QTableView *view() const { return m_view; }
    int currentRow() const;

public Q_SLOTS:
    /// Adds a row with @p values (else the defaults) and edits its first cell.
    void addRow(const QStringList &values = {});
    void removeSelected();

Q_SIGNALS:
    /// A row was added, removed or edited.
    void changed();
    void currentRowChanged(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateState();

    QStandardItemModel *m_model;
    QTableView *m_view;
    QLabel *m_empty;
    QLabel *m_errorList;
    QPushButton *m_remove;
    QStringList m_defaults;
    QMap<int, QString> m_errors;
    bool m_loading = false;
};

} // namespace Capstan
