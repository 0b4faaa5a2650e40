// SPDX-License-Identifier: Apache-2.0
#include "directorysource.h"

#include "base/glob.h"
#include "source/git/repositorytree.h"
#include "source/manifests/jsonnetevaluator.h"
#include "source/manifests/manifestparser.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::DirectorySource)
};

struct Walk
{
    const GenerationContext &context;
    std::optional<Glob> include;
    std::optional<Glob> exclude;
    QList<QJsonObject> objects;

    Result<void, SourceError> visit(const QString &directory)
    {
        const RepositoryTree &tree = context.tree;
        QStringList names = tree.children(directory);
        std::sort(names.begin(), names.end());
        for (const QString &name : std::as_const(names)) {
            const QString path = directory.isEmpty() ? name : directory + u'/' + name;
            if (tree.isDirectory(path)) {
                if (context.options.directory.recurse) {
                    if (const auto visited = visit(path); !visited)
                        return visited;
                }
                continue;
            }
            const bool isJsonnet = name.endsWith(u".jsonnet");
            const auto format = ManifestParser::formatFor(name);
            if (!isJsonnet && !format)
                continue;
            const QString relative = context.appPath.isEmpty() ? path : path.mid(context.appPath.size() + 1);
            if (exclude && exclude->matches(relative))
                continue;
            if (include && !include->matches(relative))
                continue;
            // A symlink counts when it names a file; symlinked folders are not
            // descended into, as filepath.Walk does not.
            const auto target = tree.resolve(path);
            if (!target)
                return Failure(target.error());
            if (!tree.isFile(*target))
                continue;
            if (isJsonnet) {
                const auto evaluated = JsonnetEvaluator::evaluate(tree, *target, context.options.directory);
                if (!evaluated)
                    return Failure(evaluated.error());
                objects.append(*evaluated);
                continue;
            }
            const auto content = tree.read(*target);
            if (!content)
                return Failure(content.error());
            const auto parsed = ManifestParser::parse(*content, path, *format);
            if (!parsed)
                return Failure(parsed.error());
            objects.append(*parsed);
        }
        return {};
    }
};

} // namespace

Result<QList<QJsonObject>, SourceError> DirectorySource::generate(const GenerationContext &context)
{
    Walk walk{context, std::nullopt, std::nullopt, {}};
    const DirectoryOptions &options = context.options.directory;
    for (const auto &[pattern, glob, field] : {std::tuple{options.include, &walk.include, u"include"_s},
                                               std::tuple{options.exclude, &walk.exclude, u"exclude"_s}}) {
        if (pattern.isEmpty())
            continue;
        *glob = Glob(pattern);
        if (!(*glob)->isValid())
            return Failure(
                SourceError::make(SourceError::Reason::InvalidRequest,
                                  Tr::tr("spec.source.directory.%1: '%2' is not a valid pattern").arg(field, pattern)));
    }
    if (const auto visited = walk.visit(context.appPath); !visited)
        return Failure(visited.error());
    return walk.objects;
}

} // namespace Capstan::Source
