// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QProcess;

namespace Capstan {

class Connection;

/// The first start's samples: a Git repository in the data folder with
/// Argo CD's example applications (plain YAML, Kustomize, hooks, sync waves,
/// sock-shop), and one Application for each on "This computer", made through
/// the API like any other, once the local control plane runs. It happens
/// once per data folder: a marker file
/// records it, so apps the user deletes stay deleted.
class SampleApplications : public QObject
{
    Q_OBJECT

public:
    SampleApplications(Connection *local, const QString &dataDirectory, QObject *parent = nullptr);

    /// Sets the samples up if this data folder never had them.
    void start();
    QString repositoryPath() const;

    /// The sample applications: folder in the repository, and whether it syncs automatically.
    static QList<std::pair<QString, bool>> samples();
    /// An Application of the default project on "This computer" for @p path
    /// of @p repository at `main`, deployed to @p ns (created when missing).
    static QJsonObject application(const QString &name, const QString &repository, const QString &path,
                                   const QString &ns, bool automated, const QJsonObject &labels);

Q_SIGNALS:
    void finished(const QString &error);

private:
    void writeRepository();
    void runGit(QStringList arguments, std::function<void()> next);
    void createApplications();
    void fail(const QString &message);

    Connection *m_local;
    QString m_dataDirectory;
    int m_pending = 0;
    QStringList m_errors;
};

} // namespace Capstan
