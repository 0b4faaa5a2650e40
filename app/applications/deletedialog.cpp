// SPDX-License-Identifier: Apache-2.0
#include "deletedialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

DeleteDialog::DeleteDialog(const QStringList &names, QWidget *parent)
    : QDialog(parent)
    , m_expected(names.size() == 1 ? names.first() : QString::number(names.size()))
    , m_choices(new QButtonGroup(this))
    , m_confirmation(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(names.size() == 1 ? tr("Delete %1").arg(names.first())
                                     : tr("Delete %n Applications", nullptr, int(names.size())));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(names.size() == 1
                                 ? tr("Delete the application <b>%1</b>?").arg(names.first().toHtmlEscaped())
                                 : tr("Delete these applications?<br>%1").arg(names.join(u", "_s).toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const struct
    {
        Cascade cascade;
        QString title;
        QString explanation;
    } choices[] = {
        {Cascade::Foreground, tr("&Foreground"),
         tr("Delete the resources first; the application goes once they are gone.")},
        {Cascade::Background, tr("&Background"),
         tr("Delete the application now; Kubernetes deletes the resources afterwards.")},
        {Cascade::None, tr("&Non-cascading"),
         tr("Delete only the application; its resources stay in the cluster, no longer managed.")},
    };
    for (const auto &choice : choices) {
        auto *button = new QRadioButton(choice.title, this);
        button->setObjectName(u"cascade%1"_s.arg(int(choice.cascade)));
        m_choices->addButton(button, int(choice.cascade));
        auto *explanation = new QLabel(choice.explanation, this);
        explanation->setWordWrap(true);
        explanation->setIndent(24);
        layout->addWidget(button);
        layout->addWidget(explanation);
    }
    m_choices->button(int(Cascade::Foreground))->setChecked(true);

    auto *prompt = new QLabel(names.size() == 1 ? tr("Type the application's name to confirm:")
                                                : tr("Type the number of applications to confirm:"),
                              this);
    prompt->setBuddy(m_confirmation);
    m_confirmation->setObjectName(u"confirmation"_s);
    m_confirmation->setPlaceholderText(m_expected);
    layout->addWidget(prompt);
    layout->addWidget(m_confirmation);
    QPushButton *remove = m_buttons->addButton(tr("&Delete"), QDialogButtonBox::DestructiveRole);
    remove->setObjectName(u"deleteButton"_s);
    remove->setEnabled(false);
    connect(m_confirmation, &QLineEdit::textChanged, remove,
            [this, remove](const QString &text) { remove->setEnabled(text.trimmed() == m_expected); });
    connect(remove, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    m_confirmation->setFocus();
}

DeleteDialog::Cascade DeleteDialog::cascade() const
{
    return Cascade(m_choices->checkedId());
}

QString DeleteDialog::query(Cascade cascade)
{
    switch (cascade) {
    case Cascade::Foreground:
        return u"cascade=true&propagationPolicy=foreground"_s;
    case Cascade::Background:
        return u"cascade=true&propagationPolicy=background"_s;
    case Cascade::None:
        return u"cascade=false"_s;
    }
    return {};
}

} // namespace Capstan
