// SPDX-License-Identifier: Apache-2.0
// The project dialog without a server: a project read and written back with
// nothing lost, every list edited in its table, the server's own checks run
// as you type and shown at the row concerned, policies written as Argo CD's
// lines for the project and role they belong to, the namespaced allow list's
// three states, the server's refusals placed next to their fields, and the
// projects list model under QAbstractItemModelTester.
#include "projects/projectdialog.h"
#include "projects/projectsmodel.h"
#include "widgets/rowseditor.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

const QString teamFile = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/projects/team.json");

/// A project with every list the dialog edits, tokens and sync windows; empty if teamFile cannot be read.
QJsonObject team()
{
    QFile file(teamFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class tst_ProjectDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!team().isEmpty(), qPrintable(u"cannot read a project from "_s + teamFile)); }

    void roundTrip()
    {
        const QJsonObject project = team();
        ProjectDialog dialog(nullptr, project);
        QVERIFY(dialog.isEditing());
        QVERIFY(dialog.findChild<QLineEdit *>(u"name"_s)->isReadOnly());
        QVERIFY2(dialog.errors().isEmpty(), qPrintable(QStringList(dialog.errors().keys()).join(u", "_s)));
        QCOMPARE(dialog.sourceRepos()->rows().size(), 2);
        QCOMPARE(dialog.destinations()->rows().at(1), QStringList({QString(), u"staging"_s, u"*"_s}));
        QCOMPARE(dialog.roles()->rows().at(0), QStringList({u"ci"_s, u"Pipelines"_s, u"team-ci, \"org,ci\""_s}));
        QCOMPARE(dialog.policies()->rows().at(0), QStringList({u"applications"_s, u"sync"_s, u"team/*"_s, u"allow"_s}));
        QVERIFY(dialog.findChild<QLabel *>(u"tokens"_s)->text().contains(u"Tokens issued for this role: 1"_s));
        // Unchanged, it is what came in, but for the status the server keeps.
        QJsonObject expected = project;
        expected.remove(u"status"_s);
        QCOMPARE(dialog.project(), expected);
    }

    void listsAreEdited()
    {
        ProjectDialog dialog(nullptr, team());
        dialog.sourceRepos()->addRow({u"https://git.example.com/shared.git"_s});
        dialog.destinations()->view()->setCurrentIndex(dialog.destinations()->view()->model()->index(0, 0));
        dialog.destinations()->removeSelected();
        dialog.resources(u"clusterResourceWhitelist"_s)->addRow({u"apiextensions.k8s.io"_s, u"*"_s});
        dialog.findChild<QLineEdit *>(u"description"_s)->clear();
        const QJsonObject spec = dialog.project().value(u"spec"_s).toObject();
        QCOMPARE(spec.value(u"sourceRepos"_s).toArray().last().toString(), u"https://git.example.com/shared.git"_s);
        QCOMPARE(spec.value(u"destinations"_s).toArray(),
                 QJsonArray({QJsonObject{{u"name"_s, u"staging"_s}, {u"namespace"_s, u"*"_s}}}));
        QCOMPARE(spec.value(u"clusterResourceWhitelist"_s).toArray().size(), 2);
        QVERIFY(!spec.contains(u"description"_s));
        // Removing every row removes the list.
        dialog.resources(u"clusterResourceBlacklist"_s)->view()->selectAll();
        dialog.resources(u"clusterResourceBlacklist"_s)->removeSelected();
        QVERIFY(!dialog.project()[u"spec"_s].toObject().contains(u"clusterResourceBlacklist"_s));
        QVERIFY(dialog.errors().isEmpty());
    }

    void namespacedAllowList()
    {
        // Absent: every namespaced kind; present and empty: none.
        ProjectDialog dialog(nullptr, team());
        auto *restrict = dialog.restrictNamespaced();
        QVERIFY(!restrict->isChecked());
        QVERIFY(!dialog.resources(u"namespaceResourceWhitelist"_s)->isEnabled());
        QVERIFY(!dialog.project()[u"spec"_s].toObject().contains(u"namespaceResourceWhitelist"_s));
        restrict->setChecked(true);
        QCOMPARE(dialog.project()[u"spec"_s][u"namespaceResourceWhitelist"_s].toArray(), QJsonArray());
        dialog.resources(u"namespaceResourceWhitelist"_s)->addRow({u"apps"_s, u"Deployment"_s});
        QCOMPARE(dialog.project()[u"spec"_s][u"namespaceResourceWhitelist"_s].toArray(),
                 QJsonArray({QJsonObject{{u"group"_s, u"apps"_s}, {u"kind"_s, u"Deployment"_s}}}));
        ProjectDialog restricted(nullptr,
                                 parse("{\"metadata\":{\"name\":\"r\"},\"spec\":{\"namespaceResourceWhitelist\":[]}}"));
        QVERIFY(restricted.restrictNamespaced()->isChecked());
    }

    void checkedAsYouType()
    {
        ProjectDialog dialog(nullptr, {});
        QVERIFY(!dialog.isEditing());
        auto *saveButton = dialog.findChild<QPushButton *>(u"saveButton"_s);
        QCOMPARE(dialog.errorShown(u"metadata.name"_s), u"A project needs a name."_s);
        QVERIFY(!saveButton->isEnabled());
        auto *name = dialog.findChild<QLineEdit *>(u"name"_s);
        name->setText(u"Team_A"_s);
        QVERIFY(!dialog.errorShown(u"metadata.name"_s).isEmpty());
        name->setText(u"team-a"_s);
        QVERIFY(dialog.errorShown(u"metadata.name"_s).isEmpty());
        QVERIFY(saveButton->isEnabled());

        // Rows: each problem at its row, the tab marked, nothing sendable.
        dialog.sourceRepos()->addRow({u" "_s});
        dialog.destinations()->addRow({QString(), QString(), u"web"_s});
        dialog.destinations()->addRow({u"!*"_s, QString(), u"web"_s});
        dialog.resources(u"clusterResourceBlacklist"_s)->addRow({u"apps"_s, QString()});
        QCOMPARE(dialog.errorShown(u"spec.sourceRepos[0]"_s), u"must not be empty"_s);
        QCOMPARE(dialog.errorShown(u"spec.destinations[0]"_s), u"needs a server or a cluster name (\"*\" for any)"_s);
        QCOMPARE(dialog.errorShown(u"spec.destinations[1]"_s), u"server: \"!*\" would match nothing"_s);
        QCOMPARE(dialog.errorShown(u"spec.clusterResourceBlacklist[0]"_s), u"enter a kind (* for any)"_s);
        QVERIFY(!dialog.tabs()->tabIcon(1).isNull());
        QVERIFY(dialog.tabs()->tabIcon(3).isNull());
        QVERIFY(!saveButton->isEnabled());
        QVERIFY(dialog.sourceRepos()->findChild<QLabel *>(u"rowErrors"_s)->text().startsWith(u"Row 1: "_s));
        // save() sends nothing while anything is wrong (and has no server here).
        QSignalSpy saved(&dialog, &ProjectDialog::saved);
        dialog.save();
        QCOMPARE(saved.size(), 0);
    }

    void policiesFollowTheirRole()
    {
        ProjectDialog dialog(nullptr, {});
        dialog.findChild<QLineEdit *>(u"name"_s)->setText(u"shop"_s);
        dialog.roles()->addRow({u"deployer"_s, QString(), QString()});
        QVERIFY(dialog.policies()->isEnabled());
        dialog.policies()->addRow();
        QCOMPARE(dialog.policies()->rows().at(0), QStringList({u"applications"_s, u"get"_s, u"shop/*"_s, u"allow"_s}));
        dialog.policies()->addRow({u"applications"_s, u"sync"_s, u"shop/web"_s, u"allow"_s});
        QCOMPARE(dialog.project()[u"spec"_s][u"roles"_s][0][u"policies"_s].toArray(),
                 QJsonArray({u"p, proj:shop:deployer, applications, get, shop/*, allow"_s,
                             u"p, proj:shop:deployer, applications, sync, shop/web, allow"_s}));

        // A second role has its own policies; removing the first keeps them.
        dialog.roles()->addRow({u"viewer"_s, QString(), u"org:viewers"_s});
        QCOMPARE(dialog.roles()->currentRow(), 1);
        QCOMPARE(dialog.policies()->rows().size(), 0);
        dialog.policies()->addRow({u"applications"_s, u"get"_s, u"shop/*"_s, u"deny"_s});
        dialog.roles()->view()->setCurrentIndex(dialog.roles()->view()->model()->index(0, 0));
        QCOMPARE(dialog.policies()->rows().size(), 2);
        dialog.roles()->removeSelected();
        QCOMPARE(dialog.roles()->rows().size(), 1);
        const QJsonArray roles = dialog.project()[u"spec"_s][u"roles"_s].toArray();
        QCOMPARE(roles.size(), 1);
        QCOMPARE(roles[0][u"name"_s].toString(), u"viewer"_s);
        QCOMPARE(roles[0][u"groups"_s].toArray(), QJsonArray({u"org:viewers"_s}));
        QCOMPARE(roles[0][u"policies"_s].toArray(),
                 QJsonArray({u"p, proj:shop:viewer, applications, get, shop/*, deny"_s}));

        // Renaming the project or the role rewrites the policies' subject and
        // the checks follow: an object of another project is pointed out.
        dialog.roles()->view()->setCurrentIndex(dialog.roles()->view()->model()->index(0, 0));
        dialog.findChild<QLineEdit *>(u"name"_s)->setText(u"store"_s);
        dialog.policies()->addRow();
        QCOMPARE(dialog.policies()->rows().last().value(2), u"store/*"_s);
        dialog.policies()->view()->setCurrentIndex(dialog.policies()->view()->model()->index(1, 0));
        dialog.policies()->removeSelected();
        QCOMPARE(dialog.errorShown(u"spec.roles[0].policies[0]"_s),
                 u"the object must be 'store/*' or 'store/<application>', not 'shop/*'"_s);
        QVERIFY(dialog.errorShown(u"spec.roles[0]"_s).startsWith(u"policy 1: "_s));
        QVERIFY(!dialog.findChild<QPushButton *>(u"saveButton"_s)->isEnabled());
        dialog.policies()->setRows({{u"applications"_s, u"fly"_s, u"store/*"_s, u"allow"_s}});
        // setRows is a load, not an edit: the role keeps what it had until edited.
        dialog.policies()->addRow({u"repositories"_s, u"get"_s, u"store/*"_s, u"maybe"_s});
        QCOMPARE(dialog.errorShown(u"spec.roles[0].policies[0]"_s),
                 u"'fly' is not an action: use get, create, update, delete, sync, override, * or "
                 "action/<group>/<kind>/<name>"_s);
        QCOMPARE(dialog.errorShown(u"spec.roles[0].policies[1]"_s),
                 u"the effect must be 'allow' or 'deny', not 'maybe'"_s);
        // Groups are comma-separated; a quote left open is pointed out.
        dialog.roles()->addRow({u"viewer"_s, QString(), u"a, \"b"_s});
        QCOMPARE(dialog.project()[u"spec"_s][u"roles"_s][1][u"groups"_s].toArray(), QJsonArray({u"a"_s, u"\"b"_s}));
        QCOMPARE(dialog.errorShown(u"spec.roles[1]"_s),
                 u"group '\"b' contains invalid characters; role 'viewer' already exists"_s);
    }

    void serverErrorsByField()
    {
        ProjectDialog dialog(nullptr, team());
        dialog.showServerError(
            u"project.spec.destinations[1].namespace: not a namespace; spec.roles[0].policies[1]: refused; the "
            "object has been modified"_s);
        QCOMPARE(dialog.errorShown(u"spec.destinations[1]"_s), u"namespace: not a namespace"_s);
        QCOMPARE(dialog.errorShown(u"spec.roles[0].policies[1]"_s), u"refused"_s);
        QCOMPARE(dialog.errorShown(QString()), u"the object has been modified"_s);
        QVERIFY(!dialog.tabs()->tabIcon(1).isNull());
        // The next edit is a new version: the server's word on the old one goes.
        dialog.findChild<QLineEdit *>(u"description"_s)->setText(u"changed"_s);
        QVERIFY(dialog.errorShown(u"spec.destinations[1]"_s).isEmpty());
        QVERIFY(dialog.errorShown(QString()).isEmpty());
    }

    void projectsModel()
    {
        ProjectsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QJsonObject many = team();
        QJsonObject spec = many.value(u"spec"_s).toObject();
        spec.insert(u"sourceRepos"_s, QJsonArray({u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
        many.insert(u"spec"_s, spec);
        model.setItems({team(), many, parse("{\"metadata\":{\"name\":\"empty\"},\"spec\":{}}")});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(u"empty"_s), 2);
        QCOMPARE(model.index(0, ProjectsModel::NameColumn).data().toString(), u"team"_s);
        QCOMPARE(model.index(0, ProjectsModel::DescriptionColumn).data().toString(), u"The team's apps"_s);
        QCOMPARE(model.index(0, ProjectsModel::DestinationsColumn).data().toString(),
                 u"https://kubernetes.default.svc / team-*, staging / *"_s);
        QCOMPARE(model.index(0, ProjectsModel::RolesColumn).data().toString(), u"ci, viewer"_s);
        QCOMPARE(model.index(1, ProjectsModel::SourcesColumn).data().toString(), u"a, b and 2 more"_s);
        QCOMPARE(model.index(1, ProjectsModel::SourcesColumn).data(Qt::ToolTipRole).toString(), u"a\nb\nc\nd"_s);
        QCOMPARE(model.index(2, ProjectsModel::SourcesColumn).data().toString(), QString());
    }
};

QTEST_MAIN(tst_ProjectDialog)
#include "tst_projectdialog.moc"
