// SPDX-License-Identifier: Apache-2.0
// bench_diffview [lines]: the diff viewer on a pair of 5,000-line manifests
// (a List of Deployments; about one line in fifty changed, some added and
// removed): the line and word diff, the first paint of the side-by-side view
// (documents built, YAML highlighted, painted), both together, scrolling, and
// `git diff --no-index` on the same two files as the floor. Prints JSON.
#include "diff/diffpane.h"
#include "diff/diffview.h"
#include "diff/textdiff.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

/// Deployments, one after the other, until @p lines lines; @p desired
/// changes images and replicas, adds an env var and drops a label here and there.
QString manifest(int lines, bool desired)
{
    QStringList out{u"apiVersion: v1"_s, u"kind: List"_s, u"items:"_s};
    for (int i = 0; out.size() < lines; ++i) {
        const bool touched = desired && i % 3 == 0;
        out << u"- apiVersion: apps/v1"_s << u"  kind: Deployment"_s << u"  metadata:"_s << u"    labels:"_s
            << u"      app: service-%1"_s.arg(i);
        if (!(touched && i % 9 == 0))
            out << u"      tier: backend"_s;
        out << u"    name: service-%1"_s.arg(i) << u"    namespace: shop"_s << u"  spec:"_s
            << u"    progressDeadlineSeconds: 600"_s << u"    replicas: %1"_s.arg(touched && i % 6 == 0 ? 3 : 1)
            << u"    revisionHistoryLimit: 10"_s << u"    selector:"_s << u"      matchLabels:"_s
            << u"        app: service-%1"_s.arg(i) << u"    template:"_s << u"      metadata:"_s << u"        labels:"_s
            << u"          app: service-%1"_s.arg(i) << u"      spec:"_s << u"        containers:"_s
            << u"        - env:"_s << u"          - name: LOG_LEVEL"_s << u"            value: info"_s;
        if (touched && i % 4 == 0)
            out << u"          - name: FEATURE_FLAGS"_s << u"            value: checkout-v2,fast-search"_s;
        out << u"          image: registry.example.com/shop/service-%1:1.%2.0"_s.arg(i).arg(touched ? 8 : 7)
            << u"          imagePullPolicy: IfNotPresent"_s << u"          name: service"_s << u"          ports:"_s
            << u"          - containerPort: 8080"_s << u"            protocol: TCP"_s << u"          resources:"_s
            << u"            limits:"_s << u"              memory: 256Mi"_s << u"            requests:"_s
            << u"              cpu: 100m"_s << u"              memory: 128Mi"_s << u"        restartPolicy: Always"_s
            << u"        terminationGracePeriodSeconds: 30"_s;
    }
    out.resize(lines);
    return out.join(u'\n') + u'\n';
}

double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the view's settings stay out of the user's
    const int lines = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 5000;
    const QString live = manifest(lines, false);
    const QString desired = manifest(lines, true);

    QTemporaryDir dir;
    const QString liveFile = dir.filePath(u"live.yaml"_s);
    const QString desiredFile = dir.filePath(u"desired.yaml"_s);
    for (const auto &[file, text] : {std::pair{liveFile, live}, std::pair{desiredFile, desired}}) {
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return 1;
        out.write(text.toUtf8());
    }

    QElapsedTimer timer;
    QList<double> diffs;
    Diff::TextDiff diff;
    for (int i = 0; i < 10; ++i) {
        timer.start();
        diff = Diff::TextDiff::compute(live, desired);
        diffs.append(milliseconds(timer));
    }

    // Diff and first paint together, in a fresh view each time.
    QList<double> paints;
    QList<double> totals;
    double scroll = 0;
    for (int i = 0; i < 5; ++i) {
        DiffView view;
        view.resize(1600, 1000);
        view.setContext(-1);
        view.show();
        QCoreApplication::processEvents();
        timer.start();
        const Diff::TextDiff fresh = Diff::TextDiff::compute(live, desired);
        QElapsedTimer paint;
        paint.start();
        view.setDiff(fresh, u"Live"_s, u"Desired"_s);
        QCoreApplication::processEvents(); // the highlighting runs here
        view.grab();
        paints.append(milliseconds(paint));
        totals.append(milliseconds(timer));
        if (i == 0) {
            timer.start();
            const int pages = 50;
            for (int p = 0; p < pages; ++p) {
                view.leftPane()->verticalScrollBar()->setValue(p * view.leftPane()->visibleLines());
                view.grab();
            }
            scroll = milliseconds(timer) / pages;
        }
    }

    QList<double> gits;
    for (int i = 0; i < 10; ++i) {
        QProcess git;
        timer.start();
        git.start(u"git"_s, {u"diff"_s, u"--no-index"_s, u"--no-color"_s, liveFile, desiredFile});
        git.waitForFinished(60000);
        gits.append(milliseconds(timer));
    }

    const QJsonObject result{
        {u"benchmark"_s, u"diffview"_s},
        {u"lines"_s, lines},
        {u"changes"_s, int(diff.changes().size())},
        {u"removedLines"_s, diff.removedLines()},
        {u"addedLines"_s, diff.addedLines()},
        {u"diffMs"_s, median(diffs)},
        {u"firstPaintMs"_s, median(paints)},
        {u"diffAndFirstPaintMs"_s, median(totals)},
        {u"targetMs"_s, 100},
        {u"scrollPagePaintMs"_s, scroll},
        {u"gitDiffNoIndexMs"_s, median(gits)},
    };
    printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
