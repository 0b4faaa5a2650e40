// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"

#include <QDialog>
#include <QFuture>
#include <QJsonDocument>
#include <QMap>

class QDialogButtonBox;
class QPushButton;

namespace Capstan {

/// A dialog that creates or edits one thing on a server (an application, a
/// project): Save (Create for a new one) and Cancel below, Save enabled only
/// while nothing is wrong and nothing is being sent, the request sent once,
/// and either accepted with saved() when the server takes it or the server's
/// refusal handed to showServerError() with everything typed kept.
class EditorDialog : public QDialog
{
    Q_OBJECT

public:
    bool isEditing() const { return m_editing; }

public Q_SLOTS:
    /// Sends what the dialog describes, if nothing is wrong with it.
    virtual void save() = 0;
    /// Shows what the server refused, next to the fields it names.
    virtual void showServerError(const QString &message) = 0;

Q_SIGNALS:
    /// The server took it.
    void saved(const QString &name);

protected:
    EditorDialog(bool editing, QWidget *parent);

    /// Save and Cancel, for the subclass's layout.
    QDialogButtonBox *buttons() const { return m_buttons; }
    /// Save is enabled when @p errors is empty and nothing is being sent;
    /// the errors are its tooltip.
    void updateSaveButton(const QMap<QString, QString> &errors);
    bool isSending() const { return m_sending; }
    /// Waits for @p request, which saves what is called @p name.
    void send(QFuture<Result<QJsonDocument, ApiError>> request, const QString &name);

private:
    bool m_editing;
    bool m_sending = false;
    QPushButton *m_saveButton;
    QDialogButtonBox *m_buttons;
};

} // namespace Capstan
