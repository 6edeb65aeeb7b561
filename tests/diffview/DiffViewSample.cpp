#include "DiffViewSample.h"

#include "FileDeltaFactory.h"

namespace agentdesk::test {

std::vector<git::FileDelta> sampleDeltas()
{
    const QByteArray cache = R"(@@ -1,30 +1,34 @@
 #include "cache/LruCache.h"
 
 #include <QMutexLocker>
+#include <optional>
 
 namespace agentdesk::cache {
 
 LruCache::LruCache(int capacity)
     : m_capacity(capacity)
 {
 }
 
 // Returns the cached value and marks it as most recently used.
-QString LruCache::get(const QString &key)
+std::optional<QString> LruCache::get(const QString &key)
 {
     QMutexLocker locker(&m_mutex);
     auto it = m_index.find(key);
-    if (it == m_index.end())
-        return QString();
+    if (it == m_index.end()) {
+        ++m_misses;
+        return std::nullopt;
+    }
     m_order.splice(m_order.begin(), m_order, it->second);
     return it->second->value;
 }
 
 void LruCache::clear()
 {
     QMutexLocker locker(&m_mutex);
     m_order.clear();
     m_index.clear();
 }
 
 int LruCache::size() const
@@ -40,12 +44,14 @@ int LruCache::size() const
 void LruCache::put(const QString &key, const QString &value)
 {
     QMutexLocker locker(&m_mutex);
-    if (m_order.size() >= m_capacity) {
-        m_index.erase(m_order.back().key);
-        m_order.pop_back();
+    if (m_order.size() >= size_t(m_capacity)) {
+        const Entry &oldest = m_order.back();
+        m_index.erase(oldest.key);
+        m_order.pop_back(); /* evict the least recently used entry */
     }
     m_order.push_front({key, value});
     m_index[key] = m_order.begin();
+    m_bytes += key.size() + value.size();
 }
 
 } // namespace agentdesk::cache
)";
    std::vector<git::FileDelta> deltas;
    deltas.push_back(FileDeltaFactory::make(QStringLiteral("src/cache/LruCache.cpp"),
                                            QStringLiteral("src/cache/LruCache.cpp"), cache));
    git::FileDelta renamed = FileDeltaFactory::make(
        QStringLiteral("src/cache/cache_test.cpp"), QStringLiteral("tests/cache/tst_lrucache.cpp"),
        "@@ -3,4 +3,5 @@ TEST(LruCache, Evicts)\n     LruCache cache(2);\n     cache.put(\"a\", "
        "\"1\");\n-    EXPECT_EQ(cache.get(\"a\"), \"1\");\n+    "
        "EXPECT_EQ(cache.get(\"a\").value(), \"1\");\n+    EXPECT_FALSE(cache.get(\"zz\"));\n }\n",
        git::DeltaStatus::Renamed);
    renamed.similarity = 87;
    deltas.push_back(renamed);
    git::FileDelta binary = FileDeltaFactory::make(QStringLiteral("docs/cache-diagram.png"),
                                                   QStringLiteral("docs/cache-diagram.png"), {});
    binary.binary = true;
    binary.oldSize = 48213;
    binary.newSize = 51877;
    deltas.push_back(binary);
    return deltas;
}

std::vector<review::Finding> sampleFindings()
{
    review::Finding nullCheck;
    nullCheck.title = QStringLiteral("Callers still compare get() against an empty QString");
    nullCheck.body =
        QStringLiteral("get() now returns std::optional<QString>; SessionStore::load() still tests "
                       "`cache.get(key).isEmpty()`, which no longer compiles in the Qt 5 build.");
    nullCheck.category = review::FindingCategory::ApiChange;
    nullCheck.priority = 1;
    nullCheck.confidence = 0.82;
    nullCheck.file = QStringLiteral("src/cache/LruCache.cpp");
    nullCheck.side = review::Side::New;
    nullCheck.startLine = 14;
    nullCheck.endLine = 14;
    nullCheck.suggestedFix = QStringLiteral("if (auto value = cache.get(key)) use(*value);");

    review::Finding bytes;
    bytes.title = QStringLiteral("m_bytes is never decreased on eviction");
    bytes.body = QStringLiteral("put() adds the entry's size but the eviction branch does not "
                                "subtract the evicted entry's, so m_bytes grows without bound.");
    bytes.category = review::FindingCategory::LogicEdgeCase;
    bytes.priority = 0;
    bytes.confidence = 0.91;
    bytes.file = QStringLiteral("src/cache/LruCache.cpp");
    bytes.side = review::Side::New;
    bytes.startLine = 47;
    bytes.endLine = 50;
    bytes.suggestedFix = QStringLiteral("m_bytes -= oldest.key.size() + oldest.value.size();");
    return {nullCheck, bytes};
}

} // namespace agentdesk::test
