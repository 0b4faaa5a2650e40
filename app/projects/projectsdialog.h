// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/listdialog.h"

namespace Capstan {

class ProjectsModel;

/// A server's projects: add, edit, delete.
class ProjectsDialog : public ListDialog
{
    Q_OBJECT

public:
    explicit ProjectsDialog(Connection *connection, QWidget *parent = nullptr);

    ProjectsModel *model() const { return m_model; }

protected:
    QDialog *createEditor(const QJsonObject &item) override;
    QString deleteQuestion(const QJsonObject &item) const override;

private:
    ProjectsDialog(Connection *connection, ProjectsModel *model, QWidget *parent);

    ProjectsModel *m_model;
};

} // namespace Capstan
