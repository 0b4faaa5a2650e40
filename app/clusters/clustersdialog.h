// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/listdialog.h"

namespace Capstan {

class ClustersModel;

/// A server's clusters with their version, application count and connection
/// state: register one from a kubeconfig context, rename it, delete it.
class ClustersDialog : public ListDialog
{
    Q_OBJECT

public:
    explicit ClustersDialog(Connection *connection, QWidget *parent = nullptr);

    ClustersModel *model() const { return m_model; }

protected:
    QDialog *createEditor(const QJsonObject &item) override;
    QString deleteQuestion(const QJsonObject &item) const override;

private:
    ClustersDialog(Connection *connection, ClustersModel *model, QWidget *parent);

    ClustersModel *m_model;
};

} // namespace Capstan
