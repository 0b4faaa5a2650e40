// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/versionmessage.h"

#include <QAbstractListModel>
#include <QtQmlIntegration>

namespace Capstan {

/// The fields of a server's VersionMessage as rows of label and value, for
/// display; empty fields have no row.
class VersionInfoModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("VersionInfoModel comes from a ServerStatus")

public:
    enum Role {
        LabelRole = Qt::UserRole + 1,
        ValueRole,
    };
    Q_ENUM(Role)

    explicit VersionInfoModel(QObject *parent = nullptr);

    void setVersion(const VersionMessage &version);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        QString label;
        QString value;
    };
    QList<Row> m_rows;
};

} // namespace Capstan
