// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/listdialog.h"

#include <QPointer>

namespace Capstan {

class ClustersModel;
class Connection;

/// A server's clusters with their version, application count and connection
/// state: register one from a kubeconfig context, rename it, delete it.
class ClustersDialog : public ListDialog
{
    Q_OBJECT

public:
    explicit ClustersDialog(Connection *connection, QWidget *parent = nullptr);

    ClustersModel *model() const { return m_model; }

    void reload() override;
    void add() override;
    void editCurrent() override;
    void deleteCurrent(bool confirmed = false) override;

private:
    QPointer<Connection> m_connection;
    ClustersModel *m_model;
};

} // namespace Capstan
