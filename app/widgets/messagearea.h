// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace Capstan {

/// The non-modal strip where problems appear: one line at a time, newest
/// first, with the details a click away and a count of what is waiting.
class MessageArea : public QFrame
{
    Q_OBJECT

public:
    explicit MessageArea(QWidget *parent = nullptr);

    void showMessage(const QString &text, const QString &details = {});
    int pendingCount() const { return int(m_messages.size()); }
    QString currentText() const;

private:
    void showCurrent();
    void dismiss();

    struct Message
    {
        QString text;
        QString details;
    };
    QList<Message> m_messages;
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_detailsButton;
    QToolButton *m_dismissButton;
    QPlainTextEdit *m_details;
};

} // namespace Capstan
