// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Capstan {

class Connection;

/// Registers a cluster with a server from a context of the user's kubeconfig
/// ($KUBECONFIG or ~/.kube/config, or a file chosen): pick the context, and
/// its server, certificate authority and credentials (token, client
/// certificate, user name and password, or exec plugin) are sent as the
/// cluster's configuration. Editing changes a registered cluster's name and
/// namespaces; its credentials are write-only and stay as they are.
class ClusterDialog : public QDialog
{
    Q_OBJECT

public:
    /// Registers a new cluster when @p cluster is empty.
    ClusterDialog(Connection *connection, const QJsonObject &cluster, QWidget *parent = nullptr);

    /// Reads @p file (all of $KUBECONFIG or the default when empty).
    void loadKubeconfig(const QString &file = {});
    QComboBox *contexts() const { return m_context; }
    /// The Cluster to send, or an error.
    QJsonObject cluster(QString *error = nullptr) const;
    QString errorShown() const;

public Q_SLOTS:
    void save();

Q_SIGNALS:
    void saved(const QString &server);

private:
    void contextChosen();

    QPointer<Connection> m_connection;
    QJsonObject m_base;
    bool m_editing = false;
    QStringList m_files;
    QComboBox *m_context;
    QLabel *m_server;
    QLineEdit *m_name;
    QLineEdit *m_namespaces;
    QLabel *m_error;
    QPushButton *m_saveButton;
};

} // namespace Capstan
