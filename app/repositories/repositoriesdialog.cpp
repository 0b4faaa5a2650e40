// SPDX-License-Identifier: Apache-2.0
#include "repositoriesdialog.h"

#include "connections/connection.h"
#include "repositories/repositoriesmodel.h"
#include "repositories/repositorydialog.h"

using namespace Qt::StringLiterals;

namespace Capstan {

RepositoriesDialog::RepositoriesDialog(Connection *connection, QWidget *parent)
    : RepositoriesDialog(connection, new RepositoriesModel, parent)
{ }

RepositoriesDialog::RepositoriesDialog(Connection *connection, RepositoriesModel *model, QWidget *parent)
    : ListDialog(connection, model, u"/api/v1/repositories"_s, parent)
    , m_model(model)
{
    setObjectName(u"repositoriesDialog"_s);
    setWindowTitle(tr("Repositories of %1").arg(connection ? connection->name() : QString()));
    reload();
}

QDialog *RepositoriesDialog::createEditor(const QJsonObject &item)
{
    return new RepositoryDialog(connection(), item, this);
}

QString RepositoriesDialog::deleteQuestion(const QJsonObject &item) const
{
    return tr("Delete %1 and its credentials from the server? Applications that use it keep working only if the "
              "repository needs no credentials.")
        .arg(item.value(u"repo").toString());
}

} // namespace Capstan
