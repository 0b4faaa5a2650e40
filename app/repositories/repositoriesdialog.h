// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/listdialog.h"

namespace Capstan {

class RepositoriesModel;

/// A server's repositories with their connection state: add, edit, delete.
class RepositoriesDialog : public ListDialog
{
    Q_OBJECT

public:
    explicit RepositoriesDialog(Connection *connection, QWidget *parent = nullptr);

    RepositoriesModel *model() const { return m_model; }

protected:
    QDialog *createEditor(const QJsonObject &item) override;
    QString deleteQuestion(const QJsonObject &item) const override;

private:
    RepositoriesDialog(Connection *connection, RepositoriesModel *model, QWidget *parent);

    RepositoriesModel *m_model;
};

} // namespace Capstan
