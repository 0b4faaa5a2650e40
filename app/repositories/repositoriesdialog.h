// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/listdialog.h"

#include <QPointer>

namespace Capstan {

class Connection;
class RepositoriesModel;

/// A server's repositories with their connection state: add, edit, delete.
class RepositoriesDialog : public ListDialog
{
    Q_OBJECT

public:
    explicit RepositoriesDialog(Connection *connection, QWidget *parent = nullptr);

    RepositoriesModel *model() const { return m_model; }

    void reload() override;
    void add() override;
    void editCurrent() override;
    void deleteCurrent(bool confirmed = false) override;

private:
    QPointer<Connection> m_connection;
    RepositoriesModel *m_model;
};

} // namespace Capstan
