// SPDX-License-Identifier: Apache-2.0
// The deployment history an operation leaves: which operations count, how
// entries are numbered and what they hold, and the history's limit.
#include "engine/operationhistory.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;
using Model::OperationPhase;

namespace {

const QDateTime started = QDateTime::fromString(u"2026-12-07T10:00:00Z"_s, Qt::ISODate);
const QDateTime deployed = started.addSecs(30);

Model::ApplicationSource source(const QString &repo, const QString &path)
{
    Model::ApplicationSource source;
    source.repoURL = repo;
    source.path = path;
    return source;
}

Model::OperationState succeeded(const QString &revision)
{
    Model::OperationState state;
    state.phase = OperationPhase::Succeeded;
    state.startedAt = started;
    state.operation.sync = Model::SyncOperation();
    state.operation.initiatedBy.username = u"alice"_s;
    state.syncResult = Model::SyncOperationResult();
    state.syncResult->revision = revision;
    return state;
}

} // namespace

class OperationHistoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void whatCountsAsADeployment()
    {
        Model::OperationState state = succeeded(u"abc"_s);
        QVERIFY(Engine::isDeployment(state));
        state.operation.sync->dryRun = true;
        QVERIFY(!Engine::isDeployment(state));
        state = succeeded(u"abc"_s);
        state.operation.sync->resources.append({u"apps"_s, u"Deployment"_s, u"web"_s, {}});
        QVERIFY(!Engine::isDeployment(state)); // a partial sync
        state = succeeded(u"abc"_s);
        state.phase = OperationPhase::Failed;
        QVERIFY(!Engine::isDeployment(state));
        state = succeeded(u"abc"_s);
        state.operation.sync.reset();
        QVERIFY(!Engine::isDeployment(state));
    }

    void entriesAreNumberedAndKeptToTheLimit()
    {
        Model::Application stored;
        stored.spec.revisionHistoryLimit = 2;
        stored.spec.source = source(u"https://git.example.com/a.git"_s, u"web"_s);
        // A rollback deploys another source than the spec's: the entry has the deployed one.
        Model::Application rolledBack = stored;
        rolledBack.spec.source->targetRevision = u"v1"_s;
        Engine::recordDeployment(stored, stored, succeeded(u"c1"_s), deployed);
        Engine::recordDeployment(stored, rolledBack, succeeded(u"c2"_s), deployed);
        Engine::recordDeployment(stored, stored, succeeded(u"c3"_s), deployed);
        QCOMPARE(stored.status.history.size(), 2);
        QCOMPARE(stored.status.history.at(0).id, 1);
        QCOMPARE(stored.status.history.at(0).revision, u"c2"_s);
        QCOMPARE(stored.status.history.at(0).source.targetRevision, u"v1"_s);
        QCOMPARE(stored.status.history.at(1).id, 2);
        QCOMPARE(stored.status.history.at(1).revision, u"c3"_s);
        QCOMPARE(stored.status.history.at(1).deployedAt, deployed);
        QCOMPARE(stored.status.history.at(1).deployStartedAt, std::optional<QDateTime>(started));
        QCOMPARE(stored.status.history.at(1).initiatedBy.username, u"alice"_s);
    }

    void multipleSourcesKeepTheirRevisions()
    {
        Model::Application stored;
        stored.spec.sources = {source(u"https://git.example.com/a.git"_s, u"web"_s),
                               source(u"https://git.example.com/b.git"_s, u"values"_s)};
        Model::OperationState state = succeeded({});
        state.syncResult->revisions = {u"a1"_s, u"b1"_s};
        Engine::recordDeployment(stored, stored, state, deployed);
        QCOMPARE(stored.status.history.size(), 1);
        QCOMPARE(stored.status.history.first().id, 0);
        QCOMPARE(stored.status.history.first().revisions, QStringList({u"a1"_s, u"b1"_s}));
        QCOMPARE(stored.status.history.first().sources.size(), 2);
        QVERIFY(stored.status.history.first().revision.isEmpty());
    }
};

QTEST_GUILESS_MAIN(OperationHistoryTest)
#include "tst_operationhistory.moc"
