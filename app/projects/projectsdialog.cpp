// SPDX-License-Identifier: Apache-2.0
#include "projectsdialog.h"

#include "connections/connection.h"
#include "projects/projectdialog.h"
#include "projects/projectsmodel.h"

using namespace Qt::StringLiterals;

namespace Capstan {

ProjectsDialog::ProjectsDialog(Connection *connection, QWidget *parent)
    : ProjectsDialog(connection, new ProjectsModel, parent)
{ }

ProjectsDialog::ProjectsDialog(Connection *connection, ProjectsModel *model, QWidget *parent)
    : ListDialog(connection, model, u"/api/v1/projects"_s, parent)
    , m_model(model)
{
    setObjectName(u"projectsDialog"_s);
    setWindowTitle(tr("Projects of %1").arg(connection ? connection->name() : QString()));
    reload();
}

QDialog *ProjectsDialog::createEditor(const QJsonObject &item)
{
    return new ProjectDialog(connection(), item, this);
}

QString ProjectsDialog::deleteQuestion(const QJsonObject &item) const
{
    return tr("Delete the project %1? Its roles and their tokens go with it. The server keeps a project that "
              "applications still use.")
        .arg(m_model->key(item));
}

} // namespace Capstan
