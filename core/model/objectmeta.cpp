// SPDX-License-Identifier: Apache-2.0
#include "objectmeta.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Capstan::Model {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Model)
};
} // namespace

void checkObjectName(const QString &path, const QString &name, QList<FieldError> &errors)
{
    if (name.isEmpty()) {
        errors.append({path, Tr::tr("is required")});
        return;
    }
    static const QRegularExpression subdomain(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s);
    if (name.size() > 253 || !subdomain.match(name).hasMatch())
        errors.append({path,
                       Tr::tr("\"%1\" is not a valid name: use at most 253 lowercase letters, digits, "
                              "'-' and '.', starting and ending with a letter or digit")
                           .arg(name)});
}

} // namespace Capstan::Model
