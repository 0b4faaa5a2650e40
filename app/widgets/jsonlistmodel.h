// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace Capstan {

/// The items of a list answer of the API (`{"items": [...]}`) as table rows,
/// found by one key field ("repo", "server", "metadata.name"). Subclasses say
/// what the cells show.
class JsonListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    void setItems(const QJsonArray &items);
    QJsonObject item(int row) const { return m_items.at(row).toObject(); }
    /// The key of @p item: its key field, which may be a dotted path.
    QString key(const QJsonObject &item) const;
    /// The row whose key field is @p value, -1 if none.
    int rowOf(const QString &value) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    JsonListModel(const QString &keyField, const QStringList &headers, QObject *parent);
    /// A ConnectionState cell: its status (or "Not contacted yet"), the
    /// server's message as tooltip, an icon.
    static QVariant connectionStateData(const QJsonObject &state, int role);

private:
    QString m_key;
    QStringList m_headers;
    QJsonArray m_items;
};

} // namespace Capstan
