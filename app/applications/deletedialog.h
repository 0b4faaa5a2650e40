// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QButtonGroup;
class QDialogButtonBox;
class QLineEdit;

namespace Capstan {

/// Asks before applications are deleted, and how: with their resources in
/// the foreground (Argo CD's default: the app goes once its resources are
/// gone), in the background, or without them (the resources stay, no longer
/// managed). The user types the application's name (or, for several, their
/// number) to confirm.
class DeleteDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Cascade { Foreground, Background, None };
    Q_ENUM(Cascade)

    DeleteDialog(const QStringList &names, QWidget *parent = nullptr);

    Cascade cascade() const;
    /// The query Argo CD's DELETE takes for the choice.
    static QString query(Cascade cascade);

private:
    QString m_expected;
    QButtonGroup *m_choices;
    QLineEdit *m_confirmation;
    QDialogButtonBox *m_buttons;
};

} // namespace Capstan
