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
    <name>Capstan::Store::Store</name>
    <message numerus="yes">
        <source>project is referenced by %n application(s)</source>
        <translation>
            <numerusform>project is referenced by %n application(s)</numerusform>
            <numerusform>project is referenced by %n application(s)</numerusform>
        </translation>
    </message>
</context>
</TS>
