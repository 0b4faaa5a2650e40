// SPDX-License-Identifier: Apache-2.0
#include "retryeditor.h"

#include "sync/syncrequest.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace Capstan {

RetryEditor::RetryEditor(const QString &title, QWidget *parent)
    : QGroupBox(title, parent)
    , m_limit(new QSpinBox(this))
    , m_duration(new QLineEdit(u"5s"_s, this))
    , m_factor(new QSpinBox(this))
    , m_maxDuration(new QLineEdit(u"3m"_s, this))
    , m_errors(new QLabel(this))
{
    setObjectName(u"retry"_s);
    setCheckable(true);
    setChecked(false);
    m_limit->setObjectName(u"retryLimit"_s);
    m_limit->setRange(-1, 1000);
    m_limit->setValue(2);
    m_limit->setSpecialValueText(tr("forever"));
    m_duration->setObjectName(u"retryDuration"_s);
    m_factor->setObjectName(u"retryFactor"_s);
    m_factor->setRange(1, 100);
    m_factor->setValue(2);
    m_factor->setPrefix(u"× "_s);
    m_maxDuration->setObjectName(u"retryMaxDuration"_s);
    m_errors->setObjectName(u"retryErrors"_s);
    m_errors->setStyleSheet(u"color: #c0392b"_s);
    m_errors->setWordWrap(true);
    m_errors->hide();
    auto *grid = new QGridLayout(this);
    grid->addWidget(new QLabel(tr("Attempts:"), this), 0, 0);
    grid->addWidget(m_limit, 0, 1);
    grid->addWidget(new QLabel(tr("First wait:"), this), 0, 2);
    grid->addWidget(m_duration, 0, 3);
    grid->addWidget(new QLabel(tr("Then:"), this), 0, 4);
    grid->addWidget(m_factor, 0, 5);
    grid->addWidget(new QLabel(tr("At most:"), this), 0, 6);
    grid->addWidget(m_maxDuration, 0, 7);
    grid->addWidget(m_errors, 1, 0, 1, 8);
    const auto edited = [this] {
        showErrors();
        Q_EMIT changed();
    };
    connect(this, &QGroupBox::toggled, this, edited);
    connect(m_limit, &QSpinBox::valueChanged, this, edited);
    connect(m_factor, &QSpinBox::valueChanged, this, edited);
    connect(m_duration, &QLineEdit::textChanged, this, edited);
    connect(m_maxDuration, &QLineEdit::textChanged, this, edited);
}

std::optional<Model::RetryStrategy> RetryEditor::value() const
{
    if (!isChecked())
        return std::nullopt;
    Model::RetryStrategy retry;
    retry.limit = m_limit->value();
    retry.backoff = Model::Backoff{m_duration->text().trimmed(), m_factor->value(), m_maxDuration->text().trimmed()};
    return retry;
}

void RetryEditor::setValue(const std::optional<Model::RetryStrategy> &retry)
{
    setChecked(retry.has_value());
    if (retry) {
        m_limit->setValue(int(retry->limit));
        if (retry->backoff) {
            m_duration->setText(retry->backoff->duration);
            m_factor->setValue(int(retry->backoff->factor.value_or(2)));
            m_maxDuration->setText(retry->backoff->maxDuration);
        }
    }
    showErrors();
}

QMap<QString, QString> RetryEditor::errors() const
{
    const auto retry = value();
    return retry ? retryErrors(*retry) : QMap<QString, QString>();
}

void RetryEditor::showErrors()
{
    const QMap<QString, QString> errors = this->errors();
    m_errors->setText(QStringList(errors.values()).join(u'\n'));
    m_errors->setVisible(!errors.isEmpty());
    const auto mark = [&errors](QWidget *field, const QString &key) {
        field->setStyleSheet(errors.contains(key) ? u"border: 1px solid #c0392b"_s : QString());
        field->setToolTip(errors.value(key));
    };
    mark(m_duration, u"retry.duration"_s);
    mark(m_maxDuration, u"retry.maxDuration"_s);
}

} // namespace Capstan
