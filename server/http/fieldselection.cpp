// SPDX-License-Identifier: Apache-2.0
#include "fieldselection.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Capstan::Http {

namespace {

QString childPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

} // namespace

FieldSelection FieldSelection::parse(const QString &fields)
{
    FieldSelection selection;
    QString list = fields.trimmed();
    if (list.startsWith(u'-')) {
        selection.m_exclude = true;
        list.remove(0, 1);
    }
    for (const QString &field : list.split(u',', Qt::SkipEmptyParts)) {
        const QString path = field.trimmed();
        if (path.isEmpty())
            continue;
        selection.m_paths.insert(path);
        for (qsizetype dot = path.indexOf(u'.'); dot > 0; dot = path.indexOf(u'.', dot + 1))
            selection.m_parents.insert(path.left(dot));
    }
    return selection;
}

QJsonObject FieldSelection::apply(const QJsonObject &answer) const
{
    if (isEmpty())
        return answer;
    return projected(answer, QString()).toObject();
}

QJsonValue FieldSelection::projected(const QJsonValue &value, const QString &path) const
{
    if (value.isArray()) {
        QJsonArray items;
        for (const QJsonValue &item : value.toArray())
            items.append(projected(item, path));
        return items;
    }
    if (!value.isObject())
        return value;
    QJsonObject object;
    const QJsonObject input = value.toObject();
    for (auto it = input.begin(); it != input.end(); ++it) {
        const QString child = childPath(path, it.key());
        if (m_paths.contains(child)) {
            if (!m_exclude)
                object.insert(it.key(), it.value());
        } else if (m_parents.contains(child)) {
            object.insert(it.key(), projected(it.value(), child));
        } else if (m_exclude) {
            object.insert(it.key(), it.value());
        }
    }
    return object;
}

} // namespace Capstan::Http
