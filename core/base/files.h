// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace Capstan::Files {

/// Only the owner may read and write.
constexpr QFileDevice::Permissions privateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
/// The owner writes, everyone reads.
constexpr QFileDevice::Permissions publicFile = privateFile | QFileDevice::ReadGroup | QFileDevice::ReadOther;

/// Replaces @p path with @p content in one step (a reader sees the old file
/// or the new one, never half of it), with @p permissions from the start.
Result<void> writeAtomically(const QString &path, const QByteArray &content,
                             QFileDevice::Permissions permissions = privateFile);

/// The content of @p path, or an empty array when it cannot be read.
QByteArray readAll(const QString &path);

} // namespace Capstan::Files
