// SPDX-License-Identifier: Apache-2.0
#include "clusterdialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "kube/kubeconfig.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

Result<Kube::Kubeconfig> readKubeconfig(const QStringList &files)
{
    return files.isEmpty() ? Kube::Kubeconfig::loadDefault() : Kube::Kubeconfig::load(files);
}

QString base64(const QByteArray &data)
{
    return QString::fromLatin1(data.toBase64());
}

} // namespace

ClusterDialog::ClusterDialog(Connection *connection, const QJsonObject &cluster, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_base(cluster)
    , m_editing(!cluster.isEmpty())
    , m_context(new QComboBox(this))
    , m_server(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_namespaces(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"clusterDialog"_s);
    setWindowTitle(m_editing ? tr("Cluster %1").arg(cluster.value(u"name").toString()) : tr("Add Cluster"));
    m_context->setObjectName(u"context"_s);
    m_server->setObjectName(u"server"_s);
    m_server->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name->setObjectName(u"name"_s);
    m_namespaces->setObjectName(u"namespaces"_s);
    m_namespaces->setPlaceholderText(tr("all namespaces; or a comma-separated list"));
    m_error->setObjectName(u"clusterError"_s);
    m_error->setStyleSheet(u"color: #c0392b"_s);
    m_error->setWordWrap(true);
    m_error->hide();

    auto *form = new QFormLayout;
    if (!m_editing) {
        auto *file = new QPushButton(tr("Other &File…"), this);
        file->setAutoDefault(false);
        connect(file, &QPushButton::clicked, this, [this] {
            const QString chosen = QFileDialog::getOpenFileName(this, tr("Kubeconfig"));
            if (!chosen.isEmpty())
                loadKubeconfig(chosen);
        });
        auto *row = new QHBoxLayout;
        row->addWidget(m_context, 1);
        row->addWidget(file);
        form->addRow(tr("Kubeconfig &context:"), row);
        connect(m_context, &QComboBox::currentIndexChanged, this, &ClusterDialog::contextChosen);
    }
    form->addRow(tr("Server:"), m_server);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Na&mespaces:"), m_namespaces);
    m_saveButton = new QPushButton(m_editing ? tr("&Save") : tr("&Add"), this);
    m_saveButton->setObjectName(u"saveButton"_s);
    m_saveButton->setDefault(true);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_saveButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_saveButton, &QPushButton::clicked, this, &ClusterDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(620, 260);

    if (m_editing) {
        m_server->setText(cluster.value(u"server").toString());
        m_name->setText(cluster.value(u"name").toString());
        QStringList namespaces;
        for (const QJsonValue &ns : cluster.value(u"namespaces").toArray())
            namespaces << ns.toString();
        m_namespaces->setText(namespaces.join(u", "_s));
    } else {
        loadKubeconfig();
    }
}

void ClusterDialog::loadKubeconfig(const QString &file)
{
    m_files = file.isEmpty() ? QStringList() : QStringList{file};
    const auto kubeconfig = readKubeconfig(m_files);
    m_context->clear();
    if (!kubeconfig) {
        m_error->setText(tr("The kubeconfig cannot be read: %1").arg(kubeconfig.error()));
        m_error->show();
        m_saveButton->setEnabled(false);
        return;
    }
    m_error->hide();
    m_context->addItems(kubeconfig->contextNames());
    m_context->setCurrentText(kubeconfig->currentContext());
    m_saveButton->setEnabled(m_context->count() > 0);
    if (m_context->count() == 0) {
        m_error->setText(tr("The kubeconfig has no contexts."));
        m_error->show();
    }
    contextChosen();
}

void ClusterDialog::contextChosen()
{
    QString error;
    const QJsonObject cluster = this->cluster(&error);
    m_server->setText(cluster.value(u"server").toString());
    m_name->setText(m_context->currentText());
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

QJsonObject ClusterDialog::cluster(QString *error) const
{
    QJsonObject cluster = m_base;
    QJsonArray namespaces;
    for (const QString &ns : m_namespaces->text().split(u',', Qt::SkipEmptyParts))
        namespaces.append(ns.trimmed());
    if (namespaces.isEmpty())
        cluster.remove(u"namespaces"_s);
    else
        cluster.insert(u"namespaces"_s, namespaces);
    if (m_editing) {
        cluster.insert(u"name"_s, m_name->text().trimmed());
        return cluster;
    }
    const auto kubeconfig = readKubeconfig(m_files);
    if (!kubeconfig) {
        if (error)
            *error = kubeconfig.error();
        return {};
    }
    const auto connection = kubeconfig->connection(m_context->currentText());
    if (!connection) {
        if (error)
            *error = connection.error();
        return {};
    }
    QJsonObject tls;
    if (!connection->certificateAuthority.isEmpty())
        tls.insert(u"caData"_s, base64(connection->certificateAuthority));
    if (!connection->clientCertificate.isEmpty())
        tls.insert(u"certData"_s, base64(connection->clientCertificate));
    if (!connection->clientKey.isEmpty())
        tls.insert(u"keyData"_s, base64(connection->clientKey));
    if (connection->insecureSkipTlsVerify)
        tls.insert(u"insecure"_s, true);
    if (!connection->tlsServerName.isEmpty())
        tls.insert(u"serverName"_s, connection->tlsServerName);
    QJsonObject config{{u"tlsClientConfig"_s, tls}};
    if (!connection->bearerToken.isEmpty())
        config.insert(u"bearerToken"_s, QString::fromUtf8(connection->bearerToken));
    if (!connection->username.isEmpty()) {
        config.insert(u"username"_s, connection->username);
        config.insert(u"password"_s, connection->password);
    }
    if (connection->exec) {
        QJsonObject env;
        for (const auto &[key, value] : connection->exec->environment)
            env.insert(key, value);
        config.insert(u"execProviderConfig"_s,
                      QJsonObject{{u"command"_s, connection->exec->command},
                                  {u"args"_s, QJsonArray::fromStringList(connection->exec->arguments)},
                                  {u"env"_s, env},
                                  {u"apiVersion"_s, connection->exec->apiVersion},
                                  {u"installHint"_s, connection->exec->installHint}});
    }
    cluster.insert(u"server"_s, connection->server.toString());
    cluster.insert(u"name"_s, m_name->text().trimmed().isEmpty() ? connection->contextName : m_name->text().trimmed());
    cluster.insert(u"config"_s, config);
    return cluster;
}

QString ClusterDialog::errorShown() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ClusterDialog::save()
{
    if (!m_connection)
        return;
    QString error;
    const QJsonObject cluster = this->cluster(&error);
    if (!error.isEmpty() || cluster.isEmpty()) {
        m_error->setText(error.isEmpty() ? tr("Choose a context.") : error);
        m_error->show();
        return;
    }
    const QString server = cluster.value(u"server").toString();
    m_saveButton->setEnabled(false);
    auto request = m_editing
        ? m_connection->client()->send(
            "PUT", u"/api/v1/clusters/%1?updatedFields=name&updatedFields=namespaces"_s.arg(ApiPaths::encoded(server)),
            QJsonDocument(cluster))
        : m_connection->client()->send("POST", u"/api/v1/clusters"_s, QJsonDocument(cluster));
    request.then(this, [this, server](const Result<QJsonDocument, ApiError> &answer) {
        m_saveButton->setEnabled(true);
        if (!answer) {
            m_error->setText(answer.error().message);
            m_error->show();
            return;
        }
        Q_EMIT saved(server);
        accept();
    });
}

} // namespace Capstan
