#include "watch/Notifier.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QSystemTrayIcon>

namespace agentdesk::watchui {

namespace {

QIcon applicationIcon()
{
    QIcon icon(QStringLiteral(":/agentdesk/icons/agentdesk.svg"));
    if (!icon.isNull() && !icon.availableSizes().isEmpty())
        return icon;
    if (!QGuiApplication::windowIcon().isNull())
        return QGuiApplication::windowIcon();
    // No resource linked (a test): a plain rounded square, so the badge still has a base.
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(4, 4, 56, 56), 12, 12);
    painter.fillPath(path, QColor(0x0969da));
    return QIcon(pixmap);
}

} // namespace

Notifier::Notifier(itemmodels::NotificationPolicy *policy, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
    , m_baseIcon(applicationIcon())
{
    if (policy)
        connect(policy, &itemmodels::NotificationPolicy::notify, this, &Notifier::show);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this,
                &Notifier::activateLastNotification);
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger ||
                        reason == QSystemTrayIcon::DoubleClick)
                        Q_EMIT showWindowRequested();
                });
    }
    refreshIcon();
    if (m_tray)
        m_tray->show();
}

Notifier::~Notifier() = default;

QIcon Notifier::badgedIcon(const QIcon &base, int count)
{
    constexpr int size = 64;
    QPixmap pixmap = base.pixmap(size, size);
    if (pixmap.isNull()) {
        pixmap = QPixmap(size, size);
        pixmap.fill(Qt::transparent);
    }
    if (count <= 0)
        return QIcon(pixmap);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(text.size() > 2 ? 20 : 26);
    painter.setFont(font);
    const qreal diameter = 36;
    const QRectF badge(size - diameter, 0, diameter, diameter);
    painter.setPen(QPen(Qt::white, 3));
    painter.setBrush(QColor(0xcf222e));
    painter.drawEllipse(badge.adjusted(1.5, 1.5, -1.5, -1.5));
    painter.setPen(Qt::white);
    painter.drawText(badge, Qt::AlignCenter, text);
    painter.end();
    return QIcon(pixmap);
}

QString Notifier::toolTip() const
{
    if (m_attention <= 0)
        return tr("AgentDesk: nothing needs you");
    if (m_attention == 1)
        return tr("AgentDesk: 1 task needs you");
    return tr("AgentDesk: %1 tasks need you").arg(m_attention);
}

void Notifier::setAttentionCount(int count)
{
    count = qMax(0, count);
    if (count == m_attention)
        return;
    m_attention = count;
    refreshIcon();
}

void Notifier::refreshIcon()
{
    m_icon = badgedIcon(m_baseIcon, m_attention);
    if (m_tray) {
        m_tray->setIcon(m_icon);
        m_tray->setToolTip(toolTip());
    }
}

void Notifier::show(const itemmodels::Notification &notification)
{
    if (notification.tasks.isEmpty())
        return;
    m_last = notification;
    ++m_shown;
    if (m_tray) {
        const QSystemTrayIcon::MessageIcon icon =
            notification.kind == itemmodels::NotificationKind::Failed
                ? QSystemTrayIcon::Warning
                : QSystemTrayIcon::Information;
        m_tray->showMessage(notification.title, notification.body, icon, 10000);
    }
    Q_EMIT notificationShown(notification);
}

void Notifier::activateLastNotification()
{
    if (m_last.tasks.isEmpty())
        return;
    Q_EMIT openTaskRequested(m_last.tasks.first());
}

} // namespace agentdesk::watchui
