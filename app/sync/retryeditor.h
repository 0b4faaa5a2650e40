// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QGroupBox>
#include <QMap>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace Capstan {

/// Argo CD's retry strategy as a checkable group: attempts (-1 forever),
/// first wait, factor and longest wait, with what is wrong shown below the
/// fields as you type.
class RetryEditor : public QGroupBox
{
    Q_OBJECT

public:
    explicit RetryEditor(const QString &title, QWidget *parent = nullptr);

    /// No value while unchecked.
    std::optional<Model::RetryStrategy> value() const;
    void setValue(const std::optional<Model::RetryStrategy> &retry);
    /// Problems by field ("retry.duration", …); empty when it is right.
    QMap<QString, QString> errors() const;

Q_SIGNALS:
    void changed();

private:
    void showErrors();

    QSpinBox *m_limit;
    QLineEdit *m_duration;
    QSpinBox *m_factor;
    QLineEdit *m_maxDuration;
    QLabel *m_errors;
};

} // namespace Capstan
