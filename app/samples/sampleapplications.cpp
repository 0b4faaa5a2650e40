// SPDX-License-Identifier: Apache-2.0
#include "sampleapplications.h"

#include "applogging.h"
#include "client/apiclient.h"
#include "connections/connection.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Capstan {

SampleApplications::SampleApplications(Connection *local, const QString &dataDirectory, QObject *parent)
    : QObject(parent)
    , m_local(local)
    , m_dataDirectory(dataDirectory)
{ }

QList<std::pair<QString, bool>> SampleApplications::samples()
{
    return {{u"guestbook"_s, true},   {u"kustomize-guestbook"_s, false}, {u"helm-hooks"_s, false},
            {u"sync-waves"_s, false}, {u"pre-post-sync"_s, false},       {u"sock-shop"_s, false}};
}

QString SampleApplications::repositoryPath() const
{
    return QDir(m_dataDirectory).filePath(u"samples/repository"_s);
}

void SampleApplications::start()
{
    if (QFile::exists(QDir(m_dataDirectory).filePath(u"samples/done"_s))) {
        Q_EMIT finished({});
        return;
    }
    if (QDir(repositoryPath()).exists(u".git"_s))
        createApplications();
    else
        writeRepository();
}

void SampleApplications::fail(const QString &message)
{
    qCWarning(lcApp).noquote() << "the samples were not set up:" << message;
    Q_EMIT finished(message);
}

void SampleApplications::writeRepository()
{
    const QString root = repositoryPath();
    QDir().mkpath(root);
    QDirIterator files(u":/samples"_s, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString source = files.next();
        const QString target = QDir(root).filePath(source.mid(QStringLiteral(":/samples/").size()));
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile in(source);
        QFile out(target);
        if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) {
            fail(tr("cannot write %1: %2").arg(target, out.errorString()));
            return;
        }
        out.write(in.readAll());
    }
    runGit({u"init"_s, u"--quiet"_s, u"--initial-branch=main"_s}, [this] {
        runGit({u"add"_s, u"--all"_s}, [this] {
            runGit({u"commit"_s, u"--quiet"_s, u"--message=Sample applications"_s}, [this] { createApplications(); });
        });
    });
}

void SampleApplications::runGit(QStringList arguments, std::function<void()> next)
{
    auto *git = new QProcess(this);
    git->setWorkingDirectory(repositoryPath());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &[key, value] :
         {std::pair{u"GIT_AUTHOR_NAME"_s, u"Capstan"_s}, std::pair{u"GIT_AUTHOR_EMAIL"_s, u"capstan@localhost"_s},
          std::pair{u"GIT_COMMITTER_NAME"_s, u"Capstan"_s},
          std::pair{u"GIT_COMMITTER_EMAIL"_s, u"capstan@localhost"_s}})
        environment.insert(key, value);
    git->setProcessEnvironment(environment);
    connect(git, &QProcess::finished, this, [this, git, arguments, next](int code, QProcess::ExitStatus status) {
        git->deleteLater();
        if (status != QProcess::NormalExit || code != 0) {
            fail(tr("git %1 failed: %2")
                     .arg(arguments.first(), QString::fromUtf8(git->readAllStandardError()).trimmed()));
            return;
        }
        next();
    });
    connect(git, &QProcess::errorOccurred, this, [this, git](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            git->deleteLater();
            fail(tr("git cannot be run: %1").arg(git->errorString()));
        }
    });
    git->start(u"git"_s, arguments);
}

QJsonObject SampleApplications::application(const QString &name, const QString &repository, const QString &path,
                                            const QString &ns, bool automated, const QJsonObject &labels)
{
    QJsonObject syncPolicy{{u"syncOptions"_s, QJsonArray{u"CreateNamespace=true"_s}}};
    if (automated)
        syncPolicy.insert(u"automated"_s, QJsonObject{{u"prune"_s, true}, {u"selfHeal"_s, true}});
    return {{u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, u"argocd"_s}, {u"labels"_s, labels}}},
            {u"spec"_s,
             QJsonObject{{u"project"_s, u"default"_s},
                         {u"source"_s,
                          QJsonObject{{u"repoURL"_s, repository}, {u"path"_s, path}, {u"targetRevision"_s, u"main"_s}}},
                         {u"destination"_s,
                          QJsonObject{{u"server"_s, u"https://kubernetes.default.svc"_s}, {u"namespace"_s, ns}}},
                         {u"syncPolicy"_s, syncPolicy}}}};
}

void SampleApplications::createApplications()
{
    const QString repository = QUrl::fromLocalFile(repositoryPath()).toString();
    const auto list = samples();
    m_pending = int(list.size());
    for (const auto &[folder, automated] : list) {
        const QJsonObject application = SampleApplications::application(
            folder, repository, folder, folder, automated, QJsonObject{{u"capstan.dev/sample"_s, u"true"_s}});
        m_local->client()
            ->send("POST", u"/api/v1/applications?upsert=true"_s, QJsonDocument(application))
            .then(this, [this, folder](const Result<QJsonDocument, ApiError> &answer) {
                if (!answer)
                    m_errors.append(tr("%1: %2").arg(folder, answer.error().message));
                if (--m_pending > 0)
                    return;
                if (!m_errors.isEmpty()) {
                    fail(m_errors.join(u'\n'));
                    return;
                }
                QFile marker(QDir(m_dataDirectory).filePath(u"samples/done"_s));
                if (marker.open(QIODevice::WriteOnly))
                    marker.write("The sample applications were set up; delete this file to set them up again.\n");
                qCInfo(lcApp).noquote() << "set up" << samples().size() << "sample applications from"
                                        << repositoryPath();
                Q_EMIT finished({});
            });
    }
}

} // namespace Capstan
