// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: what request bodies and queries are read with. The same
// bytes go to the strict decoders of the objects clients create (Application,
// AppProject, Repository, Cluster), to JSON and merge patches of an app, and
// to the label selector parser.
#include "base/jsonpatch.h"
#include "http/decode.h"
#include "kube/labelselector.h"
#include "model/application.h"
#include "model/appproject.h"
#include "model/cluster.h"
#include "model/repository.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace Capstan;

namespace {

template<typename T>
void decodeAs(const QJsonObject &json)
{
    const auto decoded = Http::decode<T>(json, {QStringLiteral("status")});
    if (!decoded.ok() && decoded.error().message.isEmpty())
        __builtin_trap(); // a refusal always says why
    if (decoded.ok())
        (void)Model::toJson(*decoded); // what was read can be written
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (document.isObject()) {
        const QJsonObject json = document.object();
        decodeAs<Model::Application>(json);
        decodeAs<Model::AppProject>(json);
        decodeAs<Model::Repository>(json);
        decodeAs<Model::Cluster>(json);
    }
    static const QJsonObject app = QJsonDocument::fromJson(R"({"metadata": {"name": "guestbook", "labels": {"a": "b"}},
        "spec": {"project": "default", "destination": {"server": "https://kubernetes.default.svc"},
                 "sources": [{"repoURL": "https://git.example.com/apps.git", "path": "guestbook"}]}})")
                                       .object();
    (void)JsonPatch::apply(app, bytes);
    (void)JsonPatch::merge(app, bytes);
    const auto selector = Kube::LabelSelector::parse(QString::fromUtf8(bytes));
    if (selector.ok())
        (void)selector->matches({{QStringLiteral("a"), QStringLiteral("b")}});
    return 0;
}
