// SPDX-License-Identifier: Apache-2.0
#include "editordialog.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Capstan {

EditorDialog::EditorDialog(bool editing, QWidget *parent)
    : QDialog(parent)
    , m_editing(editing)
    , m_saveButton(new QPushButton(editing ? tr("&Save") : tr("&Create"), this))
    , m_buttons(new QDialogButtonBox(this))
{
    m_saveButton->setObjectName(u"saveButton"_s);
    m_saveButton->setDefault(true);
    m_buttons->addButton(m_saveButton, QDialogButtonBox::AcceptRole);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_saveButton, &QPushButton::clicked, this, &EditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void EditorDialog::updateSaveButton(const QMap<QString, QString> &errors)
{
    m_saveButton->setEnabled(errors.isEmpty() && !m_sending);
    m_saveButton->setToolTip(QStringList(errors.values()).join(u'\n'));
}

void EditorDialog::send(QFuture<Result<QJsonDocument, ApiError>> request, const QString &name)
{
    m_sending = true;
    m_saveButton->setEnabled(false);
    request.then(this, [this, name](const Result<QJsonDocument, ApiError> &answer) {
        m_sending = false;
        if (!answer) {
            m_saveButton->setEnabled(true);
            showServerError(answer.error().message);
            return;
        }
        Q_EMIT saved(name);
        accept();
    });
}

} // namespace Capstan
