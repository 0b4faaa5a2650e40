// SPDX-License-Identifier: Apache-2.0
#include "quickgraphics.h"

#include "applogging.h"

#include <QGuiApplication>
#include <QOpenGLContext>
#include <QQuickWindow>

namespace Capstan {

void chooseQuickGraphicsApi()
{
    if (qEnvironmentVariableIsSet("QT_QUICK_BACKEND") || qEnvironmentVariableIsSet("QSG_RHI_BACKEND"))
        return; // the user decided
    const QString platform = QGuiApplication::platformName();
    bool openGL = platform != u"offscreen" && platform != u"minimal";
    if (openGL) {
        QOpenGLContext probe;
        openGL = probe.create();
    }
    if (!openGL) {
        qCInfo(lcApp) << "no OpenGL on platform" << platform << "- Qt Quick renders in software";
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    }
}

} // namespace Capstan
