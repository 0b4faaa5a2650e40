// SPDX-License-Identifier: Apache-2.0
#include "messagearea.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

MessageArea::MessageArea(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_dismissButton(new QToolButton(this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(u"messageArea"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_icon->setPixmap(QIcon(u":/icons/health-degraded.svg"_s).pixmap(16, 16));
    m_text->setObjectName(u"messageText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsButton->setText(tr("Details"));
    m_detailsButton->setCheckable(true);
    m_dismissButton->setText(tr("Dismiss"));
    m_dismissButton->setToolTip(tr("Dismiss this message"));
    m_details->setReadOnly(true);
    m_details->setMaximumHeight(120);
    m_details->hide();

    auto *row = new QHBoxLayout;
    row->addWidget(m_icon);
    row->addWidget(m_text, 1);
    row->addWidget(m_detailsButton);
    row->addWidget(m_dismissButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(row);
    layout->addWidget(m_details);
    connect(m_detailsButton, &QToolButton::toggled, m_details, &QWidget::setVisible);
    connect(m_dismissButton, &QToolButton::clicked, this, &MessageArea::dismiss);
    hide();
}

QString MessageArea::currentText() const
{
    return m_messages.isEmpty() ? QString() : m_messages.first().text;
}

void MessageArea::showMessage(const QString &text, const QString &details)
{
    // The same problem again (a server that keeps failing) is not stacked.
    if (!m_messages.isEmpty() && m_messages.first().text == text)
        return;
    m_messages.prepend({text, details});
    showCurrent();
}

void MessageArea::showCurrent()
{
    if (m_messages.isEmpty()) {
        hide();
        return;
    }
    const Message &message = m_messages.first();
    m_text->setText(m_messages.size() > 1 ? tr("%1 (%n more)", nullptr, int(m_messages.size() - 1)).arg(message.text)
                                          : message.text);
    m_details->setPlainText(message.details);
    m_detailsButton->setVisible(!message.details.isEmpty() && message.details != message.text);
    m_detailsButton->setChecked(false);
    show();
}

void MessageArea::dismiss()
{
    if (!m_messages.isEmpty())
        m_messages.removeFirst();
    showCurrent();
}

} // namespace Capstan
