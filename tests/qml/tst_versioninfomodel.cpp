// SPDX-License-Identifier: Apache-2.0
#include "versioninfomodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Capstan;

class tst_VersionInfoModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsForNonEmptyFields()
    {
        VersionInfoModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        VersionMessage version;
        version.version = QStringLiteral("v2.13.1");
        version.platform = QStringLiteral("linux/amd64");
        version.helmVersion = QStringLiteral("v3.15.4");
        model.setVersion(version);

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data(VersionInfoModel::LabelRole).toString(), QStringLiteral("Version"));
        QCOMPARE(model.index(0).data(VersionInfoModel::ValueRole).toString(), QStringLiteral("v2.13.1"));
        QCOMPARE(model.index(1).data(VersionInfoModel::LabelRole).toString(), QStringLiteral("Platform"));
        QCOMPARE(model.index(2).data(VersionInfoModel::LabelRole).toString(), QStringLiteral("Helm"));
        QCOMPARE(model.index(2).data(Qt::DisplayRole).toString(), QStringLiteral("Helm"));
        QCOMPARE(model.index(2).data(Qt::ToolTipRole).toString(), QStringLiteral("v3.15.4"));
        QVERIFY(!model.index(2).data(Qt::DecorationRole).isValid());

        model.setVersion(VersionMessage::forThisBuild());
        QVERIFY(model.rowCount() >= 5);
        model.setVersion({});
        QCOMPARE(model.rowCount(), 0);
    }

    void roleNamesForQml()
    {
        VersionInfoModel model;
        const QHash<int, QByteArray> roles = model.roleNames();
        QCOMPARE(roles.value(VersionInfoModel::LabelRole), QByteArray("label"));
        QCOMPARE(roles.value(VersionInfoModel::ValueRole), QByteArray("value"));
        QCOMPARE(int(VersionInfoModel::LabelRole), Qt::UserRole + 1);
    }
};

QTEST_GUILESS_MAIN(tst_VersionInfoModel)
#include "tst_versioninfomodel.moc"
