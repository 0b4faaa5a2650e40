<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Capstan::ApiClient</name>
    <message numerus="yes">
        <source>no answer within %n second(s)</source>
        <translation>
            <numerusform>no answer within %n second</numerusform>
            <numerusform>no answer within %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationDiff</name>
    <message numerus="yes">
        <source>%1 of %n resource(s) out of sync</source>
        <translation>
            <numerusform>%1 of %n resource out of sync</numerusform>
            <numerusform>%1 of %n resources out of sync</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionListModel</name>
    <message numerus="yes">
        <source>Connected, %n application(s)</source>
        <translation>
            <numerusform>Connected, %n application</numerusform>
            <numerusform>Connected, %n applications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Error, retrying in %n s</source>
        <translation>
            <numerusform>Error, retrying in %n s</numerusform>
            <numerusform>Error, retrying in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::DeleteDialog</name>
    <message numerus="yes">
        <source>Delete %n Applications</source>
        <translation>
            <numerusform>Delete %n Application</numerusform>
            <numerusform>Delete %n Applications</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::DiffPane</name>
    <message numerus="yes">
        <source>⋯ %n unchanged line(s): click to show</source>
        <translation>
            <numerusform>⋯ %n unchanged line: click to show</numerusform>
            <numerusform>⋯ %n unchanged lines: click to show</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::DiffView</name>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::FilterBar</name>
    <message numerus="yes">
        <source>All %n application(s)</source>
        <translation>
            <numerusform>%n application</numerusform>
            <numerusform>All %n applications</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::LocalCluster</name>
    <message numerus="yes">
        <source>the local cluster was not ready within %n second(s)</source>
        <translation>
            <numerusform>the local cluster was not ready within %n second</numerusform>
            <numerusform>the local cluster was not ready within %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::MainWindow</name>
    <message numerus="yes">
        <source>%n request(s) running…</source>
        <translation>
            <numerusform>%n request running…</numerusform>
            <numerusform>%n requests running…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::ManagedResourcesModel</name>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) removed</source>
        <translation>
            <numerusform>%n line removed</numerusform>
            <numerusform>%n lines removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) added</source>
        <translation>
            <numerusform>%n line added</numerusform>
            <numerusform>%n lines added</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::MessageArea</name>
    <message numerus="yes">
        <source>%1 (%n more)</source>
        <translation>
            <numerusform>%1 (%n more)</numerusform>
            <numerusform>%1 (%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectsModel</name>
    <message numerus="yes">
        <source>%1, %2 and %n more</source>
        <translation>
            <numerusform>%1, %2 and %n more</numerusform>
            <numerusform>%1, %2 and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::Store::Store</name>
    <message numerus="yes">
        <source>project is referenced by %n application(s)</source>
        <translation>
            <numerusform>project is referenced by %n application(s)</numerusform>
            <numerusform>project is referenced by %n application(s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::SyncDialog</name>
    <message numerus="yes">
        <source>Sync %n Applications</source>
        <translation>
            <numerusform>Sync %n Applications</numerusform>
            <numerusform>Sync %n Applications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synchronize %n applications: %1</source>
        <translation>
            <numerusform>Synchronize %n applications: %1</numerusform>
            <numerusform>Synchronize %n applications: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n resource(s) checked</source>
        <translation>
            <numerusform>%1 of %n resource checked</numerusform>
            <numerusform>%1 of %n resources checked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 of %n application(s) done</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: %2 of %n application done</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: %2 of %n applications done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 succeeded&lt;/b&gt; for all %n application(s).</source>
        <translation>
            <numerusform>&lt;b&gt;%1 succeeded&lt;/b&gt; for all %n application.</numerusform>
            <numerusform>&lt;b&gt;%1 succeeded&lt;/b&gt; for all %n applications.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 failed&lt;/b&gt; for %2 of %n application(s): select one for why.</source>
        <translation>
            <numerusform>&lt;b&gt;%1 failed&lt;/b&gt; for %2 of %n application: select one for why.</numerusform>
            <numerusform>&lt;b&gt;%1 failed&lt;/b&gt; for %2 of %n applications: select one for why.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::SyncProgress</name>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unchanged</numerusform>
            <numerusform>%n unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pruned</source>
        <translation>
            <numerusform>%n pruned</numerusform>
            <numerusform>%n pruned</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not pruned</source>
        <translation>
            <numerusform>%n not pruned</numerusform>
            <numerusform>%n not pruned</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
</TS>
