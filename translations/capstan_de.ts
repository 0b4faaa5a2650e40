<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Capstan::ApiClient</name>
    <message>
        <source>%1 does not look like an Argo CD API server: %2</source>
        <translation>%1 scheint kein Argo-CD-API-Server zu sein: %2</translation>
    </message>
    <message>
        <source>No server is set.</source>
        <translation>Es ist kein Server eingestellt.</translation>
    </message>
    <message numerus="yes">
        <source>no answer within %n second(s)</source>
        <translation>
            <numerusform>keine Antwort innerhalb von %n Sekunde</numerusform>
            <numerusform>keine Antwort innerhalb von %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>%1 requires a login (HTTP 401): %2</source>
        <translation>%1 verlangt eine Anmeldung (HTTP 401): %2</translation>
    </message>
    <message>
        <source>%1 denied access (HTTP 403): %2</source>
        <translation>%1 verweigert den Zugriff (HTTP 403): %2</translation>
    </message>
    <message>
        <source>%1 answered with HTTP %2: %3</source>
        <translation>%1 antwortete mit HTTP %2: %3</translation>
    </message>
    <message>
        <source>%1 did not answer with JSON: %2</source>
        <translation>%1 antwortete nicht mit JSON: %2</translation>
    </message>
    <message>
        <source>%1 signed in without giving a session token</source>
        <translation>%1 hat die Anmeldung ohne Sitzungstoken bestätigt</translation>
    </message>
    <message>
        <source>The certificate of %1 has changed. It was %2 and is now %3. Capstan refuses to connect: someone may be intercepting the connection. Trust the new certificate only if you know why it changed.</source>
        <translation>Das Zertifikat von %1 hat sich geändert. Es war %2 und ist jetzt %3. Capstan verweigert die Verbindung: Jemand könnte die Verbindung abfangen. Vertrauen Sie dem neuen Zertifikat nur, wenn Sie wissen, warum es sich geändert hat.</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted (SHA-256 %2).</source>
        <translation>Dem Zertifikat von %1 wird nicht vertraut (SHA-256 %2).</translation>
    </message>
</context>
<context>
    <name>Capstan::ApiError</name>
    <message>
        <source>the server answered with HTTP status %1</source>
        <translation>der Server antwortete mit HTTP-Status %1</translation>
    </message>
</context>
<context>
    <name>Capstan::ApiServer</name>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>kann nicht auf %1:%2 lauschen: %3</translation>
    </message>
    <message>
        <source>the request body is %1 bytes, more than the limit of %2 bytes</source>
        <translation>der Anfrageinhalt ist %1 Byte groß, mehr als die Grenze von %2 Byte</translation>
    </message>
    <message>
        <source>Invalid content type: send the body as application/json</source>
        <translation>Ungültiger Inhaltstyp: den Inhalt als application/json senden</translation>
    </message>
</context>
<context>
    <name>Capstan::ApiStream</name>
    <message>
        <source>the stream ended without an answer</source>
        <translation>der Datenstrom endete ohne Antwort</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationDetails</name>
    <message>
        <source>← Applications</source>
        <translation>← Anwendungen</translation>
    </message>
    <message>
        <source>Back to the applications (Esc)</source>
        <translation>Zurück zu den Anwendungen (Esc)</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>Select a resource in the graph to see its live manifest.</source>
        <translation>Wählen Sie eine Ressource im Graphen, um ihr aktuelles Manifest zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Manifest</source>
        <translation>&amp;Manifest</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>Resource &amp;graph</source>
        <translation>Ressourcen&amp;graph</translation>
    </message>
    <message>
        <source>Filter resources by kind, name, namespace, status or health</source>
        <translation>Ressourcen nach Art, Name, Namespace, Status oder Zustand filtern</translation>
    </message>
    <message>
        <source>&amp;Resources</source>
        <translation>&amp;Ressourcen</translation>
    </message>
    <message>
        <source>E&amp;vents</source>
        <translation>Er&amp;eignisse</translation>
    </message>
    <message>
        <source>&lt;p&gt;Loading %1…&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 wird geladen …&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1 was deleted.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1 wurde gelöscht.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The live view of %1 was interrupted; reconnecting.</source>
        <translation>Die Live-Ansicht von %1 wurde unterbrochen; die Verbindung wird wiederhergestellt.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Sync policy</source>
        <translation>Sync-Richtlinie</translation>
    </message>
    <message>
        <source>Automated</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>yes (prune: %1, self-heal: %2)</source>
        <translation>ja (Bereinigen: %1, Selbstheilung: %2)</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>no, manual syncs only</source>
        <translation>nein, nur manuelle Syncs</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>auf %1</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>Verglichen</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Bedingungen</translation>
    </message>
    <message>
        <source>Operation in progress</source>
        <translation>Laufende Operation</translation>
    </message>
    <message>
        <source>Last operation</source>
        <translation>Letzte Operation</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>Ausgerollt</translation>
    </message>
    <message>
        <source>Images and URLs</source>
        <translation>Images und URLs</translation>
    </message>
    <message>
        <source># %1 %2 is not in the cluster: the next sync creates it.</source>
        <translation># %1 %2 ist nicht im Cluster: Der nächste Sync legt es an.</translation>
    </message>
    <message>
        <source># Loading…</source>
        <translation># Wird geladen …</translation>
    </message>
    <message>
        <source>The events of %1 could not be read.</source>
        <translation>Die Ereignisse von %1 konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Select a resource in the graph to see its diff.</source>
        <translation>Wählen Sie eine Ressource im Graphen, um ihren Diff zu sehen.</translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation>D&amp;iff</translation>
    </message>
    <message>
        <source>&amp;Diff</source>
        <translation>&amp;Diff</translation>
    </message>
    <message>
        <source>Comparing %1…</source>
        <translation>%1 wird verglichen…</translation>
    </message>
    <message>
        <source>%1 %2 is not managed by %3: it has no desired state to compare with.</source>
        <translation>%1 %2 wird nicht von %3 verwaltet: Es gibt keinen Sollzustand zum Vergleichen.</translation>
    </message>
    <message>
        <source>%1 %2 is live as desired.</source>
        <translation>%1 %2 ist live wie gewünscht.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Gewünscht</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationDiff</name>
    <message>
        <source>&amp;Out-of-sync only</source>
        <translation>Nur &amp;nicht synchrone</translation>
    </message>
    <message>
        <source>&amp;Hide managedFields and status</source>
        <translation>managedFields und status &amp;ausblenden</translation>
    </message>
    <message>
        <source>Honour &amp;ignoreDifferences</source>
        <translation>&amp;ignoreDifferences beachten</translation>
    </message>
    <message>
        <source>managedFields is the API server&apos;s bookkeeping; status is never desired</source>
        <translation>managedFields ist die Buchführung des API-Servers; status ist nie gewünscht</translation>
    </message>
    <message>
        <source>Leave out the fields the application&apos;s ignoreDifferences names, as the comparison does; without it they are shown</source>
        <translation>Die Felder, die ignoreDifferences der Anwendung nennt, weglassen, wie der Vergleich es tut; sonst werden sie gezeigt</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Compare the application again</source>
        <translation>Die Anwendung erneut vergleichen</translation>
    </message>
    <message>
        <source>&amp;Save as Patch…</source>
        <translation>Als Patch &amp;speichern…</translation>
    </message>
    <message>
        <source>Save the changes of every resource as one unified patch (live → desired)</source>
        <translation>Die Änderungen aller Ressourcen als einen Unified-Patch speichern (live → gewünscht)</translation>
    </message>
    <message>
        <source>Comparing %1…</source>
        <translation>%1 wird verglichen…</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>%1 could not be compared.</source>
        <translation>%1 konnte nicht verglichen werden.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n resource(s) out of sync</source>
        <translation>
            <numerusform>%1 von %n Ressource nicht synchron</numerusform>
            <numerusform>%1 von %n Ressourcen nicht synchron</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is in sync: live is as desired.</source>
        <translation>%1 ist synchron: live ist wie gewünscht.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Gewünscht</translation>
    </message>
    <message>
        <source>Live: not in the cluster (the next sync creates it)</source>
        <translation>Live: nicht im Cluster (die nächste Synchronisierung legt sie an)</translation>
    </message>
    <message>
        <source>Desired: not in Git any more (pruning deletes it)</source>
        <translation>Gewünscht: nicht mehr in Git (Bereinigen löscht sie)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Left out by ignoreDifferences:</source>
        <translation>Von ignoreDifferences ausgelassen:</translation>
    </message>
    <message>
        <source>Shown although ignoreDifferences leaves them out:</source>
        <translation>Gezeigt, obwohl ignoreDifferences sie auslässt:</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Save as Patch</source>
        <translation>Als Patch speichern</translation>
    </message>
    <message>
        <source>Patches (*.patch *.diff);;All files (*)</source>
        <translation>Patches (*.patch *.diff);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The patch of %1 was not saved.</source>
        <translation>Der Patch von %1 wurde nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationFilterModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 von %3)</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationForm</name>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <source>New Application</source>
        <translation>Neue Anwendung</translation>
    </message>
    <message>
        <source>&amp;Form</source>
        <translation>&amp;Formular</translation>
    </message>
    <message>
        <source>&amp;YAML</source>
        <translation>&amp;YAML</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>lower-case letters, digits and &apos;-&apos;</source>
        <translation>Kleinbuchstaben, Ziffern und „-“</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>This application has several sources: edit them in the YAML tab.</source>
        <translation>Diese Anwendung hat mehrere Quellen: Bearbeiten Sie sie im YAML-Reiter.</translation>
    </message>
    <message>
        <source>&amp;Repository:</source>
        <translation>&amp;Repository:</translation>
    </message>
    <message>
        <source>Re&amp;vision:</source>
        <translation>Re&amp;vision:</translation>
    </message>
    <message>
        <source>P&amp;ath:</source>
        <translation>P&amp;fad:</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>Kustomize</source>
        <translation>Kustomize</translation>
    </message>
    <message>
        <source>Helm</source>
        <translation>Helm</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>Include su&amp;bfolders</source>
        <translation>&amp;Unterordner einbeziehen</translation>
    </message>
    <message>
        <source>Include:</source>
        <translation>Einschließen:</translation>
    </message>
    <message>
        <source>a glob, such as *.yaml or {a.yaml,b.json}</source>
        <translation>ein Muster wie *.yaml oder {a.yaml,b.json}</translation>
    </message>
    <message>
        <source>Exclude:</source>
        <translation>Ausschließen:</translation>
    </message>
    <message>
        <source>Jsonnet variables:</source>
        <translation>Jsonnet-Variablen:</translation>
    </message>
    <message>
        <source>name=value, one per line (top-level arguments)</source>
        <translation>name=wert, eine pro Zeile (Top-Level-Argumente)</translation>
    </message>
    <message>
        <source>Name prefix:</source>
        <translation>Namenspräfix:</translation>
    </message>
    <message>
        <source>Name suffix:</source>
        <translation>Namenssuffix:</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Images:</translation>
    </message>
    <message>
        <source>one per line: nginx=nginx:1.27 or nginx:1.27</source>
        <translation>eines pro Zeile: nginx=nginx:1.27 oder nginx:1.27</translation>
    </message>
    <message>
        <source>Release name:</source>
        <translation>Release-Name:</translation>
    </message>
    <message>
        <source>Value files:</source>
        <translation>Values-Dateien:</translation>
    </message>
    <message>
        <source>one per line, relative to the chart: values-production.yaml</source>
        <translation>eine pro Zeile, relativ zum Chart: values-production.yaml</translation>
    </message>
    <message>
        <source>Values:</source>
        <translation>Values:</translation>
    </message>
    <message>
        <source>YAML, over the chart&apos;s values</source>
        <translation>YAML, über den Values des Charts</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Parameter:</translation>
    </message>
    <message>
        <source>name=value, one per line: image.tag=1.27</source>
        <translation>name=wert, einer pro Zeile: image.tag=1.27</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>C&amp;luster:</source>
        <translation>C&amp;luster:</translation>
    </message>
    <message>
        <source>Na&amp;mespace:</source>
        <translation>Na&amp;mespace:</translation>
    </message>
    <message>
        <source>Sync Policy</source>
        <translation>Synchronisierungsrichtlinie</translation>
    </message>
    <message>
        <source>&amp;Automated: sync when Git changes</source>
        <translation>&amp;Automatisch: synchronisieren, wenn sich Git ändert</translation>
    </message>
    <message>
        <source>P&amp;rune resources no longer in Git</source>
        <translation>Ressourcen be&amp;reinigen, die nicht mehr in Git sind</translation>
    </message>
    <message>
        <source>&amp;Self-heal: undo changes made in the cluster</source>
        <translation>&amp;Selbstheilung: Änderungen im Cluster rückgängig machen</translation>
    </message>
    <message>
        <source>Create namespace</source>
        <translation>Namespace anlegen</translation>
    </message>
    <message>
        <source>Apply out-of-sync only</source>
        <translation>Nur nicht synchrone anwenden</translation>
    </message>
    <message>
        <source>Server-side apply</source>
        <translation>Serverseitig anwenden</translation>
    </message>
    <message>
        <source>Prune last</source>
        <translation>Zuletzt bereinigen</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Sync options:</source>
        <translation>Synchronisierungsoptionen:</translation>
    </message>
    <message>
        <source>Re&amp;try when a sync fails</source>
        <translation>&amp;Wiederholen, wenn eine Synchronisierung fehlschlägt</translation>
    </message>
    <message>
        <source>This is not an Application: the YAML must be one object of kind Application.</source>
        <translation>Das ist keine Application: Das YAML muss ein Objekt der Art Application sein.</translation>
    </message>
    <message>
        <source>An application needs a name.</source>
        <translation>Eine Anwendung braucht einen Namen.</translation>
    </message>
    <message>
        <source>Use lower-case letters, digits, &apos;-&apos; and &apos;.&apos;, starting and ending with a letter or digit.</source>
        <translation>Verwenden Sie Kleinbuchstaben, Ziffern, „-“ und „.“, mit einem Buchstaben oder einer Ziffer am Anfang und Ende.</translation>
    </message>
    <message>
        <source>Choose a project (&quot;default&quot; if there is no other).</source>
        <translation>Wählen Sie ein Projekt („default“, wenn es kein anderes gibt).</translation>
    </message>
    <message>
        <source>Choose a repository or enter its URL.</source>
        <translation>Wählen Sie ein Repository oder geben Sie seine URL ein.</translation>
    </message>
    <message>
        <source>Enter the folder of the manifests (&quot;.&quot; for the top).</source>
        <translation>Geben Sie den Ordner der Manifeste an („.“ für die oberste Ebene).</translation>
    </message>
    <message>
        <source>Choose the cluster to deploy to.</source>
        <translation>Wählen Sie den Cluster, in den ausgerollt wird.</translation>
    </message>
    <message>
        <source>A namespace is lower-case letters, digits and &apos;-&apos;, at most 63.</source>
        <translation>Ein Namespace besteht aus Kleinbuchstaben, Ziffern und „-“, höchstens 63.</translation>
    </message>
    <message>
        <source>Line %1 is not name=value.</source>
        <translation>Zeile %1 ist nicht name=wert.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not registered: the server checks it when the application is saved.</source>
        <translation>Nicht registriert: Der Server prüft es beim Speichern der Anwendung.</translation>
    </message>
    <message>
        <source>✔ Connected</source>
        <translation>✔ Verbunden</translation>
    </message>
    <message>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationGroupModel</name>
    <message>
        <source>Synced</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <source>OutOfSync</source>
        <translation>Abweichend</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationsModel</name>
    <message>
        <source>Syncing</source>
        <translation>Synchronisiert gerade</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <source>OutOfSync</source>
        <translation>Abweichend</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Gesund</translation>
    </message>
    <message>
        <source>Progressing</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlt</translation>
    </message>
    <message>
        <source>%1 (target %2)</source>
        <translation>%1 (Ziel %2)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzter Sync</translation>
    </message>
    <message>
        <source>Repository / path</source>
        <translation>Repository / Pfad</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
</context>
<context>
    <name>Capstan::Auth</name>
    <message>
        <source>admin.enabled: &quot;%1&quot; is not a boolean</source>
        <translation>admin.enabled: „%1“ ist kein Wahrheitswert</translation>
    </message>
    <message>
        <source>%1: not supported account capability &apos;%2&apos;</source>
        <translation>%1: nicht unterstützte Kontofähigkeit „%2“</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a boolean</source>
        <translation>%1: „%2“ ist kein Wahrheitswert</translation>
    </message>
    <message>
        <source>unexpected key %1 in the accounts&apos; configuration</source>
        <translation>unerwarteter Schlüssel %1 in der Kontenkonfiguration</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid account name</source>
        <translation>„%1“ ist kein gültiger Kontoname</translation>
    </message>
</context>
<context>
    <name>Capstan::Auth::Rbac</name>
    <message>
        <source>extraneous or missing &quot; in quoted-field</source>
        <translation>überzähliges oder fehlendes &quot; in einem Feld in Anführungszeichen</translation>
    </message>
    <message>
        <source>%1, line %2: invalid RBAC policy: %3 (%4)</source>
        <translation>%1, Zeile %2: ungültige RBAC-Richtlinie: %3 (%4)</translation>
    </message>
    <message>
        <source>a p line has 6 fields: p, subject, resource, action, object, effect</source>
        <translation>eine p-Zeile hat 6 Felder: p, Subjekt, Ressource, Aktion, Objekt, Wirkung</translation>
    </message>
    <message>
        <source>the effect must be allow or deny</source>
        <translation>die Wirkung muss allow oder deny sein</translation>
    </message>
    <message>
        <source>a g line has 3 fields: g, member, role</source>
        <translation>eine g-Zeile hat 3 Felder: g, Mitglied, Rolle</translation>
    </message>
    <message>
        <source>a line starts with p or g</source>
        <translation>eine Zeile beginnt mit p oder g</translation>
    </message>
    <message>
        <source>policy.matchMode: &quot;%1&quot; is neither glob nor regex</source>
        <translation>policy.matchMode: „%1“ ist weder glob noch regex</translation>
    </message>
</context>
<context>
    <name>Capstan::ClusterDialog</name>
    <message>
        <source>Cluster %1</source>
        <translation>Cluster %1</translation>
    </message>
    <message>
        <source>Add Cluster</source>
        <translation>Cluster hinzufügen</translation>
    </message>
    <message>
        <source>all namespaces; or a comma-separated list</source>
        <translation>alle Namespaces; oder eine kommagetrennte Liste</translation>
    </message>
    <message>
        <source>Other &amp;File…</source>
        <translation>Andere &amp;Datei…</translation>
    </message>
    <message>
        <source>Kubeconfig</source>
        <translation>Kubeconfig</translation>
    </message>
    <message>
        <source>Kubeconfig &amp;context:</source>
        <translation>Kubeconfig-&amp;Kontext:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Na&amp;mespaces:</source>
        <translation>Na&amp;mespaces:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>The kubeconfig cannot be read: %1</source>
        <translation>Die Kubeconfig kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The kubeconfig has no contexts.</source>
        <translation>Die Kubeconfig hat keine Kontexte.</translation>
    </message>
    <message>
        <source>Choose a context.</source>
        <translation>Wählen Sie einen Kontext.</translation>
    </message>
</context>
<context>
    <name>Capstan::ClustersDialog</name>
    <message>
        <source>Clusters of %1</source>
        <translation>Cluster von %1</translation>
    </message>
    <message>
        <source>Remove %1 (%2) from the server? Its applications cannot be synced any more; nothing in the cluster is deleted.</source>
        <translation>%1 (%2) vom Server entfernen? Seine Anwendungen können nicht mehr synchronisiert werden; im Cluster wird nichts gelöscht.</translation>
    </message>
</context>
<context>
    <name>Capstan::ClustersModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Anwendungen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
</context>
<context>
    <name>Capstan::Connection</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No server address is set.</source>
        <translation>Es ist keine Serveradresse eingestellt.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung mit %1 …</translation>
    </message>
    <message>
        <source>%1 does not accept the saved sign-in any more: sign in again.</source>
        <translation>%1 akzeptiert die gespeicherte Anmeldung nicht mehr: Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>%1 answered the application list with invalid JSON: %2</source>
        <translation>%1 hat die Anwendungsliste mit ungültigem JSON beantwortet: %2</translation>
    </message>
    <message>
        <source>The session on %1 ended: sign in again.</source>
        <translation>Die Sitzung auf %1 ist beendet: Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>%1 closed the watch.</source>
        <translation>%1 hat die Beobachtung beendet.</translation>
    </message>
    <message>
        <source>%1: access denied</source>
        <translation>%1: Zugriff verweigert</translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionDialog</name>
    <message>
        <source>&amp;User name and password</source>
        <translation>&amp;Benutzername und Passwort</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Token</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt …</translation>
    </message>
    <message>
        <source>Sign In to %1</source>
        <translation>Bei %1 anmelden</translation>
    </message>
    <message>
        <source>Add Server</source>
        <translation>Server hinzufügen</translation>
    </message>
    <message>
        <source>Defaults to the host name</source>
        <translation>Standardmäßig der Hostname</translation>
    </message>
    <message>
        <source>An Argo CD session or API token</source>
        <translation>Ein Argo-CD-Sitzungs- oder API-Token</translation>
    </message>
    <message>
        <source>User &amp;name:</source>
        <translation>Benutzer&amp;name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation>T&amp;oken:</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server&amp;adresse:</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>A&amp;nzeigename:</translation>
    </message>
    <message>
        <source>Sign in with:</source>
        <translation>Anmelden mit:</translation>
    </message>
    <message>
        <source>&amp;Sign In</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&lt;b&gt;The certificate of this server has changed.&lt;/b&gt; Trust the new one only if you know why it changed.</source>
        <translation>&lt;b&gt;Das Zertifikat dieses Servers hat sich geändert.&lt;/b&gt; Vertrauen Sie dem neuen nur, wenn Sie wissen, warum es sich geändert hat.</translation>
    </message>
    <message>
        <source>&lt;b&gt;This server&apos;s certificate is not signed by an authority this computer trusts.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Das Zertifikat dieses Servers ist nicht von einer Stelle signiert, der dieser Computer vertraut.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Issued to: %1&lt;br&gt;Issued by: %2&lt;br&gt;Valid until: %3&lt;br&gt;SHA-256: &lt;tt&gt;%4&lt;/tt&gt;</source>
        <translation>&lt;br&gt;Ausgestellt für: %1&lt;br&gt;Ausgestellt von: %2&lt;br&gt;Gültig bis: %3&lt;br&gt;SHA-256: &lt;tt&gt;%4&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for this server</source>
        <translation>Diesem Zertifikat für diesen Server &amp;vertrauen</translation>
    </message>
    <message>
        <source>“%1” is not a server address: write it as https://host[:port].</source>
        <translation>„%1“ ist keine Serveradresse: Schreiben Sie sie als https://host[:port].</translation>
    </message>
    <message>
        <source>Enter the user name.</source>
        <translation>Geben Sie den Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Paste a token.</source>
        <translation>Fügen Sie ein Token ein.</translation>
    </message>
    <message>
        <source>The user name or password is not right.</source>
        <translation>Benutzername oder Passwort stimmt nicht.</translation>
    </message>
    <message>
        <source>The server does not accept this token.</source>
        <translation>Der Server akzeptiert dieses Token nicht.</translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionListModel</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindet</translation>
    </message>
    <message numerus="yes">
        <source>Connected, %n application(s)</source>
        <translation>
            <numerusform>Verbunden, %n Anwendung</numerusform>
            <numerusform>Verbunden, %n Anwendungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Error, retrying in %n s</source>
        <translation>
            <numerusform>Fehler, neuer Versuch in %n s</numerusform>
            <numerusform>Fehler, neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Sign-in needed</source>
        <translation>Anmeldung nötig</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>Zertifikat nicht vertrauenswürdig</translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionManager</name>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Starting the local server and control plane…</source>
        <translation>Lokaler Server und Control Plane starten …</translation>
    </message>
    <message>
        <source>Starting the local server…</source>
        <translation>Lokaler Server startet …</translation>
    </message>
    <message>
        <source>The local server did not start: %1</source>
        <translation>Der lokale Server ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The local control plane did not start; applications cannot be deployed on this computer.</source>
        <translation>Die lokale Control Plane ist nicht gestartet; auf diesem Computer können keine Anwendungen ausgerollt werden.</translation>
    </message>
</context>
<context>
    <name>Capstan::CredentialStore</name>
    <message>
        <source>The system keychain cannot be read: %1</source>
        <translation>Der Schlüsselbund des Systems kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1): the token is kept until Capstan quits, and you will sign in again next time.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar (%1): Das Token bleibt bis zum Beenden von Capstan erhalten, beim nächsten Mal melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The token could not be removed from the system keychain: %1</source>
        <translation>Das Token konnte nicht aus dem Schlüsselbund des Systems entfernt werden: %1</translation>
    </message>
</context>
<context>
    <name>Capstan::CronSchedule</name>
    <message>
        <source>the %1 field &apos;%2&apos; is not valid: %3</source>
        <translation>das Feld %1 „%2“ ist ungültig: %3</translation>
    </message>
    <message>
        <source>the step must be a positive number</source>
        <translation>die Schrittweite muss eine positive Zahl sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a range</source>
        <translation>„%1“ ist kein Bereich</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>values run from %1 to %2</source>
        <translation>die Werte reichen von %1 bis %2</translation>
    </message>
    <message>
        <source>the range %1 runs backwards</source>
        <translation>der Bereich %1 läuft rückwärts</translation>
    </message>
    <message>
        <source>the schedule &apos;%1&apos; needs five fields (minute, hour, day of month, month, day of week); it has %2</source>
        <translation>der Zeitplan „%1“ braucht fünf Felder (Minute, Stunde, Tag des Monats, Monat, Wochentag); er hat %2</translation>
    </message>
</context>
<context>
    <name>Capstan::DataDirectory</name>
    <message>
        <source>no data folder was given</source>
        <translation>es wurde kein Datenordner angegeben</translation>
    </message>
    <message>
        <source>the data folder &quot;%1&quot; is a file, not a folder</source>
        <translation>der Datenordner „%1“ ist eine Datei, kein Ordner</translation>
    </message>
    <message>
        <source>cannot create the data folder &quot;%1&quot;</source>
        <translation>der Datenordner „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>the data folder &quot;%1&quot; is not writable</source>
        <translation>der Datenordner „%1“ ist nicht beschreibbar</translation>
    </message>
    <message>
        <source>the data folder &quot;%1&quot; is in use by %2 (process %3)</source>
        <translation>der Datenordner „%1“ wird von %2 benutzt (Prozess %3)</translation>
    </message>
    <message>
        <source>another program</source>
        <translation>einem anderen Programm</translation>
    </message>
    <message>
        <source>cannot lock the data folder &quot;%1&quot;</source>
        <translation>der Datenordner „%1“ kann nicht gesperrt werden</translation>
    </message>
</context>
<context>
    <name>Capstan::DeleteDialog</name>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Applications</source>
        <translation>
            <numerusform>%n Anwendung löschen</numerusform>
            <numerusform>%n Anwendungen löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the application &lt;b&gt;%1&lt;/b&gt;?</source>
        <translation>Die Anwendung &lt;b&gt;%1&lt;/b&gt; löschen?</translation>
    </message>
    <message>
        <source>Delete these applications?&lt;br&gt;%1</source>
        <translation>Diese Anwendungen löschen?&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&amp;Foreground</source>
        <translation>&amp;Vordergrund</translation>
    </message>
    <message>
        <source>Delete the resources first; the application goes once they are gone.</source>
        <translation>Zuerst die Ressourcen löschen; die Anwendung verschwindet, sobald sie weg sind.</translation>
    </message>
    <message>
        <source>&amp;Background</source>
        <translation>&amp;Hintergrund</translation>
    </message>
    <message>
        <source>Delete the application now; Kubernetes deletes the resources afterwards.</source>
        <translation>Die Anwendung jetzt löschen; Kubernetes löscht die Ressourcen danach.</translation>
    </message>
    <message>
        <source>&amp;Non-cascading</source>
        <translation>&amp;Ohne Kaskade</translation>
    </message>
    <message>
        <source>Delete only the application; its resources stay in the cluster, no longer managed.</source>
        <translation>Nur die Anwendung löschen; ihre Ressourcen bleiben im Cluster, nicht mehr verwaltet.</translation>
    </message>
    <message>
        <source>Type the application&apos;s name to confirm:</source>
        <translation>Geben Sie zur Bestätigung den Namen der Anwendung ein:</translation>
    </message>
    <message>
        <source>Type the number of applications to confirm:</source>
        <translation>Geben Sie zur Bestätigung die Anzahl der Anwendungen ein:</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
</context>
<context>
    <name>Capstan::Diff::FieldPath</name>
    <message>
        <source>JSON pointer &quot;%1&quot; must start with &apos;/&apos;</source>
        <translation>JSON-Zeiger &quot;%1&quot; muss mit &apos;/&apos; beginnen</translation>
    </message>
    <message>
        <source>&apos;(&apos; after select</source>
        <translation>&apos;(&apos; nach select</translation>
    </message>
    <message>
        <source>&apos;)&apos;</source>
        <translation>&apos;)&apos;</translation>
    </message>
    <message>
        <source>&apos;|&apos; or the end</source>
        <translation>&apos;|&apos; oder das Ende</translation>
    </message>
    <message>
        <source>jq path &quot;%1&quot;: expected %2 at position %3</source>
        <translation>jq-Pfad &quot;%1&quot;: %2 erwartet an Position %3</translation>
    </message>
    <message>
        <source>a path starting with &apos;.&apos;</source>
        <translation>ein Pfad, der mit &apos;.&apos; beginnt</translation>
    </message>
    <message>
        <source>a closing &apos;&quot;&apos;</source>
        <translation>ein schließendes &apos;&quot;&apos;</translation>
    </message>
    <message>
        <source>a field name</source>
        <translation>ein Feldname</translation>
    </message>
    <message>
        <source>a quoted key and &apos;]&apos;</source>
        <translation>ein Schlüssel in Anführungszeichen und &apos;]&apos;</translation>
    </message>
    <message>
        <source>an index and &apos;]&apos;</source>
        <translation>ein Index und &apos;]&apos;</translation>
    </message>
    <message>
        <source>a string, number, true, false or null</source>
        <translation>eine Zeichenkette, Zahl, true, false oder null</translation>
    </message>
    <message>
        <source>jq path &quot;%1&quot; is empty</source>
        <translation>jq-Pfad &quot;%1&quot; ist leer</translation>
    </message>
</context>
<context>
    <name>Capstan::DiffOverview</name>
    <message>
        <source>Where the changes are: click to go there</source>
        <translation>Wo die Änderungen sind: zum Hinspringen klicken</translation>
    </message>
</context>
<context>
    <name>Capstan::DiffPane</name>
    <message numerus="yes">
        <source>⋯ %n unchanged line(s): click to show</source>
        <translation>
            <numerusform>⋯ %n unveränderte Zeile: zum Anzeigen klicken</numerusform>
            <numerusform>⋯ %n unveränderte Zeilen: zum Anzeigen klicken</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::DiffView</name>
    <message>
        <source>Side by Side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Live on the left, desired on the right</source>
        <translation>Links live, rechts gewünscht</translation>
    </message>
    <message>
        <source>Unified</source>
        <translation>Vereinheitlicht</translation>
    </message>
    <message>
        <source>Removed and added lines in one column, as a patch</source>
        <translation>Entfernte und hinzugefügte Zeilen in einer Spalte, wie ein Patch</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>Kompakt</translation>
    </message>
    <message>
        <source>Show only the changes with some lines of context; click a fold to open it</source>
        <translation>Nur die Änderungen mit einigen Kontextzeilen zeigen; zum Aufklappen auf eine Faltung klicken</translation>
    </message>
    <message>
        <source> lines of context</source>
        <translation> Kontextzeilen</translation>
    </message>
    <message>
        <source>Previous Change</source>
        <translation>Vorherige Änderung</translation>
    </message>
    <message>
        <source>Next Change</source>
        <translation>Nächste Änderung</translation>
    </message>
    <message>
        <source>Search in the diff</source>
        <translation>Im Diff suchen</translation>
    </message>
    <message>
        <source>Enter finds the next match, Shift+Enter the previous one</source>
        <translation>Eingabe findet den nächsten Treffer, Umschalt+Eingabe den vorherigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;Live (Left Side)</source>
        <translation>&amp;Live kopieren (linke Seite)</translation>
    </message>
    <message>
        <source>Copy &amp;Desired (Right Side)</source>
        <translation>&amp;Gewünscht kopieren (rechte Seite)</translation>
    </message>
    <message>
        <source>Nothing to compare.</source>
        <translation>Nichts zu vergleichen.</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>Keine Unterschiede.</translation>
    </message>
    <message>
        <source>No changes</source>
        <translation>Keine Änderungen</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n Änderung</numerusform>
            <numerusform>%n Änderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation>Änderung %1 von %2</translation>
    </message>
</context>
<context>
    <name>Capstan::EditorDialog</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
</context>
<context>
    <name>Capstan::Engine</name>
    <message>
        <source>%1 has no action named “%2”</source>
        <translation>%1 hat keine Aktion namens „%2“</translation>
    </message>
    <message>
        <source>the action %1 is disabled for this %2</source>
        <translation>die Aktion %1 ist für dieses Objekt (%2) deaktiviert</translation>
    </message>
    <message>
        <source>the replicas parameter is required</source>
        <translation>der Parameter replicas ist erforderlich</translation>
    </message>
    <message>
        <source>invalid number: %1 (must be &gt;= 0)</source>
        <translation>ungültige Zahl: %1 (muss &gt;= 0 sein)</translation>
    </message>
</context>
<context>
    <name>Capstan::Engine::ClusterSet</name>
    <message>
        <source>the cluster&apos;s server &quot;%1&quot; is not a URL</source>
        <translation>die Server-Adresse &quot;%1&quot; des Clusters ist keine URL</translation>
    </message>
    <message>
        <source>no local cluster is running for %1</source>
        <translation>für %1 läuft kein lokaler Cluster</translation>
    </message>
    <message>
        <source>cannot read the token file %1: %2</source>
        <translation>die Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Engine::DeepLinks</name>
    <message>
        <source>the template action {{%1}} is not supported</source>
        <translation>die Vorlagenaktion {{%1}} wird nicht unterstützt</translation>
    </message>
    <message>
        <source>unexpected &apos;%1&apos; at column %2</source>
        <translation>unerwartetes „%1“ in Spalte %2</translation>
    </message>
    <message>
        <source>the condition ends too early</source>
        <translation>die Bedingung endet zu früh</translation>
    </message>
    <message>
        <source>a &apos;)&apos; is missing</source>
        <translation>es fehlt eine „)“</translation>
    </message>
    <message>
        <source>a &apos;]&apos; is missing</source>
        <translation>es fehlt eine „]“</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation>eine Zeichenkette ist nicht geschlossen</translation>
    </message>
    <message>
        <source>a field name is missing after &apos;.&apos; at column %1</source>
        <translation>nach „.“ fehlt in Spalte %1 ein Feldname</translation>
    </message>
    <message>
        <source>only quoted keys are supported inside [ ]</source>
        <translation>in [ ] werden nur Schlüssel in Anführungszeichen unterstützt</translation>
    </message>
    <message>
        <source>the links setting must be a list</source>
        <translation>die Link-Einstellung muss eine Liste sein</translation>
    </message>
    <message>
        <source>link %1 needs a title and a url</source>
        <translation>Link %1 braucht einen Titel und eine URL</translation>
    </message>
    <message>
        <source>the condition is not a boolean</source>
        <translation>die Bedingung ist kein Wahrheitswert</translation>
    </message>
</context>
<context>
    <name>Capstan::EventsModel</name>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>Capstan::Files</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::FilterBar</name>
    <message>
        <source>Filter applications (Ctrl+F)</source>
        <translation>Anwendungen filtern (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Show every application again</source>
        <translation>Wieder alle Anwendungen zeigen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Sync status</source>
        <translation>&amp;Sync-Status</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <source>OutOfSync</source>
        <translation>Abweichend</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>&amp;Health</source>
        <translation>&amp;Zustand</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Gesund</translation>
    </message>
    <message>
        <source>Progressing</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlt</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>&amp;Projekt</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>&amp;Namespace</source>
        <translation>&amp;Namespace</translation>
    </message>
    <message>
        <source>&amp;Label</source>
        <translation>&amp;Label</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Text: “%1”</source>
        <translation>Text: „%1“</translation>
    </message>
    <message numerus="yes">
        <source>All %n application(s)</source>
        <translation>
            <numerusform>%n Anwendung</numerusform>
            <numerusform>Alle %n Anwendungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown — %3</source>
        <translation>%1 von %2 angezeigt — %3</translation>
    </message>
</context>
<context>
    <name>Capstan::HistoryModel</name>
    <message>
        <source>automated</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Started by %1</source>
        <translation>Gestartet von %1</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>Ausgerollt</translation>
    </message>
</context>
<context>
    <name>Capstan::Http::Request</name>
    <message>
        <source>query parameter &quot;%1&quot;: &quot;%2&quot; is not a boolean</source>
        <translation>Abfrageparameter „%1“: „%2“ ist kein Wahrheitswert</translation>
    </message>
    <message>
        <source>the request body is not valid JSON: %1 at offset %2</source>
        <translation>der Anfrageinhalt ist kein gültiges JSON: %1 an Position %2</translation>
    </message>
    <message>
        <source>the request body must be a JSON object</source>
        <translation>der Anfrageinhalt muss ein JSON-Objekt sein</translation>
    </message>
</context>
<context>
    <name>Capstan::JsonListModel</name>
    <message>
        <source>Not contacted yet</source>
        <translation>Noch nicht kontaktiert</translation>
    </message>
    <message>
        <source>Successful</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Capstan::JsonPatch</name>
    <message>
        <source>the patched document is not a JSON object</source>
        <translation>das gepatchte Dokument ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>a JSON patch must be a list of operations</source>
        <translation>ein JSON-Patch muss eine Liste von Operationen sein</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::CertificateAuthority</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>the CA key does not belong to the CA certificate</source>
        <translation>der CA-Schlüssel gehört nicht zum CA-Zertifikat</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::ControlPlaneBinaries</name>
    <message>
        <source>the local control plane&apos;s programs are not installed (%1 missing): run ./setup.sh, or set CAPSTAN_CONTROL_PLANE_DIR to a folder that has them</source>
        <translation>die Programme der lokalen Control Plane sind nicht installiert (es fehlt %1): ./setup.sh ausführen oder CAPSTAN_CONTROL_PLANE_DIR auf einen Ordner setzen, der sie enthält</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::KubeClient</name>
    <message>
        <source>the exec credential plugin &quot;%1&quot; failed (exit code %2)%3</source>
        <translation>das exec-Credential-Plugin „%1“ ist fehlgeschlagen (Exit-Code %2)%3</translation>
    </message>
    <message>
        <source>cannot run the exec credential plugin &quot;%1&quot;: %2</source>
        <translation>das exec-Credential-Plugin „%1“ kann nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>the exec credential plugin &quot;%1&quot; printed no ExecCredential</source>
        <translation>das exec-Credential-Plugin „%1“ hat kein ExecCredential ausgegeben</translation>
    </message>
    <message>
        <source>the exec credential plugin &quot;%1&quot; gave neither a token nor a certificate</source>
        <translation>das exec-Credential-Plugin „%1“ lieferte weder Token noch Zertifikat</translation>
    </message>
    <message>
        <source>cannot read the token file &quot;%1&quot;: %2</source>
        <translation>die Token-Datei „%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>the API server&apos;s answer is not a JSON object: %1</source>
        <translation>die Antwort des API-Servers ist kein JSON-Objekt: %1</translation>
    </message>
    <message>
        <source>cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>the cluster has no resource of kind %1</source>
        <translation>der Cluster hat keine Ressource der Art %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::KubeError</name>
    <message>
        <source>the API server answered with HTTP status %1</source>
        <translation>der API-Server antwortete mit HTTP-Status %1</translation>
    </message>
    <message>
        <source>the API server answered with HTTP status %1: %2</source>
        <translation>der API-Server antwortete mit HTTP-Status %1: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::Kubeconfig</name>
    <message>
        <source>%1: &quot;%2&quot; must be a string</source>
        <translation>%1: „%2“ muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be true or false</source>
        <translation>%1: „%2“ muss true oder false sein</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not base64</source>
        <translation>%1: „%2“ ist kein Base64</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list</source>
        <translation>„%1“ muss eine Liste sein</translation>
    </message>
    <message>
        <source>each entry of &quot;%1&quot; must be a mapping with a name</source>
        <translation>jeder Eintrag von „%1“ muss eine Zuordnung mit einem Namen sein</translation>
    </message>
    <message>
        <source>an entry of &quot;%1&quot; has no name</source>
        <translation>ein Eintrag von „%1“ hat keinen Namen</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot;: &quot;%3&quot; must be a mapping</source>
        <translation>%1 „%2“: „%3“ muss eine Zuordnung sein</translation>
    </message>
    <message>
        <source>%1: &quot;exec&quot; must be a mapping</source>
        <translation>%1: „exec“ muss eine Zuordnung sein</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s apiVersion &quot;%2&quot; is not client.authentication.k8s.io/v1 or v1beta1</source>
        <translation>%1: die apiVersion „%2“ des exec-Plugins ist nicht client.authentication.k8s.io/v1 oder v1beta1</translation>
    </message>
    <message>
        <source>%1: the exec plugin has no command</source>
        <translation>%1: das exec-Plugin hat keinen Befehl</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s &quot;args&quot; must be a list</source>
        <translation>%1: „args“ des exec-Plugins muss eine Liste sein</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s arguments must be strings</source>
        <translation>%1: die Argumente des exec-Plugins müssen Zeichenketten sein</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s &quot;env&quot; must be a list</source>
        <translation>%1: „env“ des exec-Plugins muss eine Liste sein</translation>
    </message>
    <message>
        <source>%1: each exec plugin variable needs a name and a value</source>
        <translation>%1: jede Variable des exec-Plugins braucht einen Namen und einen Wert</translation>
    </message>
    <message>
        <source>cannot read %1 &quot;%2&quot;: %3</source>
        <translation>%1 „%2“ kann nicht gelesen werden: %3</translation>
    </message>
    <message>
        <source>a kubeconfig is a mapping with clusters, users and contexts</source>
        <translation>eine kubeconfig ist eine Zuordnung mit clusters, users und contexts</translation>
    </message>
    <message>
        <source>the kind is &quot;%1&quot;, not &quot;Config&quot;</source>
        <translation>die Art ist „%1“, nicht „Config“</translation>
    </message>
    <message>
        <source>cluster &quot;%1&quot;</source>
        <translation>Cluster „%1“</translation>
    </message>
    <message>
        <source>user &quot;%1&quot;</source>
        <translation>Benutzer „%1“</translation>
    </message>
    <message>
        <source>context &quot;%1&quot;</source>
        <translation>Kontext „%1“</translation>
    </message>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1:%2: not valid YAML: %3</source>
        <translation>%1:%2: kein gültiges YAML: %3</translation>
    </message>
    <message>
        <source>cannot read the kubeconfig &quot;%1&quot;: %2</source>
        <translation>die kubeconfig „%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>no kubeconfig found (looked for %1)</source>
        <translation>keine kubeconfig gefunden (gesucht: %1)</translation>
    </message>
    <message>
        <source>the kubeconfig sets no current context; name one of: %1</source>
        <translation>die kubeconfig legt keinen aktuellen Kontext fest; einen davon nennen: %1</translation>
    </message>
    <message>
        <source>the kubeconfig has no context &quot;%1&quot;</source>
        <translation>die kubeconfig hat keinen Kontext „%1“</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names the cluster &quot;%3&quot;, which is not defined</source>
        <translation>%1: Kontext „%2“ nennt den Cluster „%3“, der nicht definiert ist</translation>
    </message>
    <message>
        <source>%1: cluster &quot;%2&quot; has no valid server URL (&quot;%3&quot;)</source>
        <translation>%1: Cluster „%2“ hat keine gültige Server-URL („%3“)</translation>
    </message>
    <message>
        <source>the certificate-authority of cluster &quot;%1&quot;</source>
        <translation>die certificate-authority des Clusters „%1“</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names the user &quot;%3&quot;, which is not defined</source>
        <translation>%1: Kontext „%2“ nennt den Benutzer „%3“, der nicht definiert ist</translation>
    </message>
    <message>
        <source>user &quot;%1&quot; signs in with the auth-provider &quot;%2&quot;, which Capstan does not support; use an exec credential plugin instead</source>
        <translation>Benutzer „%1“ meldet sich mit dem auth-provider „%2“ an, den Capstan nicht unterstützt; stattdessen ein exec-Credential-Plugin verwenden</translation>
    </message>
    <message>
        <source>the client-certificate of user &quot;%1&quot;</source>
        <translation>das client-certificate des Benutzers „%1“</translation>
    </message>
    <message>
        <source>the client-key of user &quot;%1&quot;</source>
        <translation>den client-key des Benutzers „%1“</translation>
    </message>
    <message>
        <source>user &quot;%1&quot; has a client certificate without its key, or a key without its certificate</source>
        <translation>Benutzer „%1“ hat ein Client-Zertifikat ohne Schlüssel oder einen Schlüssel ohne Zertifikat</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::LabelSelector</name>
    <message>
        <source>“%1” is not a valid label key: a name of at most 63 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, starting and ending with a letter or digit, with an optional DNS prefix and &apos;/&apos;</source>
        <translation>„%1“ ist kein gültiger Label-Schlüssel: ein Name aus höchstens 63 Buchstaben, Ziffern, &apos;-&apos;, &apos;_&apos; oder &apos;.&apos;, der mit einem Buchstaben oder einer Ziffer beginnt und endet, mit optionalem DNS-Präfix und &apos;/&apos;</translation>
    </message>
    <message>
        <source>“%1” is not a valid label value: at most 63 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, starting and ending with a letter or digit</source>
        <translation>„%1“ ist kein gültiger Label-Wert: höchstens 63 Buchstaben, Ziffern, &apos;-&apos;, &apos;_&apos; oder &apos;.&apos;, beginnend und endend mit einem Buchstaben oder einer Ziffer</translation>
    </message>
    <message>
        <source>unexpected end of the selector, expected %1</source>
        <translation>unerwartetes Ende des Selektors, erwartet: %1</translation>
    </message>
    <message>
        <source>found “%1”, expected %2</source>
        <translation>„%1“ gefunden, erwartet: %2</translation>
    </message>
    <message>
        <source>a label key</source>
        <translation>ein Label-Schlüssel</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>ein Wert</translation>
    </message>
    <message>
        <source>“%1” must be an integer to compare with %2</source>
        <translation>„%1“ muss eine ganze Zahl sein, um mit %2 zu vergleichen</translation>
    </message>
    <message>
        <source>an operator (=, ==, !=, in, notin, &lt;, &gt;), &apos;,&apos; or the end</source>
        <translation>ein Operator (=, ==, !=, in, notin, &lt;, &gt;), &apos;,&apos; oder das Ende</translation>
    </message>
    <message>
        <source>the %1 requirement of “%2” needs values</source>
        <translation>die Bedingung %1 für „%2“ braucht Werte</translation>
    </message>
    <message>
        <source>“%1” is not a label selector operator</source>
        <translation>„%1“ ist kein Operator für Label-Selektoren</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::LocalCluster</name>
    <message numerus="yes">
        <source>the local cluster was not ready within %n second(s)</source>
        <translation>
            <numerusform>der lokale Cluster war nicht innerhalb von %n Sekunde bereit</numerusform>
            <numerusform>der lokale Cluster war nicht innerhalb von %n Sekunden bereit</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot create a temporary folder in %1</source>
        <translation>in %1 kann kein temporärer Ordner angelegt werden</translation>
    </message>
    <message>
        <source>a persistent local cluster needs a data folder</source>
        <translation>ein dauerhafter lokaler Cluster braucht einen Datenordner</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot start %1 (%2): %3</source>
        <translation>%1 kann nicht gestartet werden (%2): %3</translation>
    </message>
    <message>
        <source>%1 exited with code %2; the end of %3:
%4</source>
        <translation>%1 wurde mit Code %2 beendet; das Ende von %3:
%4</translation>
    </message>
    <message>
        <source>the node simulator did not start: %1</source>
        <translation>der Knotensimulator ist nicht gestartet: %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::NodeSimulator</name>
    <message>
        <source>cannot register the node: %1</source>
        <translation>der Knoten kann nicht registriert werden: %1</translation>
    </message>
    <message>
        <source>cannot report the node Ready: %1</source>
        <translation>der Knoten kann nicht als Ready gemeldet werden: %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::Watch</name>
    <message>
        <source>the watch of %1 broke off: %2</source>
        <translation>die Beobachtung von %1 brach ab: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::LaunchOptions</name>
    <message>
        <source>Connect to the Argo CD or capstan-server at URL instead of starting a local server.</source>
        <translation>Mit dem Argo CD oder capstan-server unter URL verbinden, statt einen lokalen Server zu starten.</translation>
    </message>
    <message>
        <source>Keep the local server&apos;s state in DIR (default: %1).</source>
        <translation>Den Zustand des lokalen Servers in DIR ablegen (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (see --help)</source>
        <translation>unerwartetes Argument „%1“ (siehe --help)</translation>
    </message>
    <message>
        <source>--server: %1</source>
        <translation>--server: %1</translation>
    </message>
    <message>
        <source>no server URL was given</source>
        <translation>es wurde keine Server-URL angegeben</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid URL: %2</source>
        <translation>„%1“ ist keine gültige URL: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// URL</source>
        <translation>„%1“ ist keine http://- oder https://-URL</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host</source>
        <translation>„%1“ nennt keinen Host</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: a server URL has no query or fragment</source>
        <translation>„%1“: eine Server-URL hat weder Query noch Fragment</translation>
    </message>
    <message>
        <source>Do not start the local control plane with the local server.</source>
        <translation>Die lokale Control Plane nicht mit dem lokalen Server starten.</translation>
    </message>
    <message>
        <source>Do not set up the sample Git repository and applications on the first start.</source>
        <translation>Beim ersten Start kein Beispiel-Git-Repository und keine Beispielanwendungen anlegen.</translation>
    </message>
</context>
<context>
    <name>Capstan::ListDialog</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>%1 was not deleted: %2</source>
        <translation>%1 wurde nicht gelöscht: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::ListenAddress</name>
    <message>
        <source>&quot;%1&quot; has no port: expected ADDR:PORT, as 127.0.0.1:8080</source>
        <translation>„%1“ hat keinen Port: erwartet wird ADRESSE:PORT, etwa 127.0.0.1:8080</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: write an IPv6 address in brackets, as [::1]:8080</source>
        <translation>„%1“: IPv6-Adressen stehen in eckigen Klammern, etwa [::1]:8080</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no address: expected ADDR:PORT, as 127.0.0.1:8080</source>
        <translation>„%1“ hat keine Adresse: erwartet wird ADRESSE:PORT, etwa 127.0.0.1:8080</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address</source>
        <translation>„%1“ ist keine IP-Adresse</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port number from 0 to 65535</source>
        <translation>„%1“ ist keine Portnummer von 0 bis 65535</translation>
    </message>
</context>
<context>
    <name>Capstan::MainWindow</name>
    <message>
        <source>Capstan</source>
        <translation>Capstan</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Capstan</source>
        <translation>Ü&amp;ber Capstan</translation>
    </message>
    <message>
        <source>About Capstan</source>
        <translation>Über Capstan</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Capstan %1&lt;/h3&gt;&lt;p&gt;A desktop GitOps console for Kubernetes.&lt;/p&gt;&lt;p&gt;Built %2 with %3 and Qt %4.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Capstan %1&lt;/h3&gt;&lt;p&gt;Eine Desktop-GitOps-Konsole für Kubernetes.&lt;/p&gt;&lt;p&gt;Erstellt %2 mit %3 und Qt %4.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — connected, server version %2</source>
        <translation>%1 — verbunden, Serverversion %2</translation>
    </message>
    <message>
        <source>%1 — not connected</source>
        <translation>%1 — nicht verbunden</translation>
    </message>
    <message>
        <source>The sample applications were not set up.</source>
        <translation>Die Beispielanwendungen wurden nicht angelegt.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>&amp;Add Server…</source>
        <translation>Server &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Hard Refresh</source>
        <translation>&amp;Vollständig aktualisieren</translation>
    </message>
    <message>
        <source>Generate the manifests again, ignoring the cache</source>
        <translation>Die Manifeste neu erzeugen, ohne Cache</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <source>&amp;Copy Name</source>
        <translation>Namen &amp;kopieren</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen …</translation>
    </message>
    <message>
        <source>&amp;Sign In…</source>
        <translation>&amp;Anmelden …</translation>
    </message>
    <message>
        <source>&amp;Trust Certificate…</source>
        <translation>Zertifikat &amp;vertrauen …</translation>
    </message>
    <message>
        <source>Re&amp;move Server</source>
        <translation>Server &amp;entfernen</translation>
    </message>
    <message>
        <source>Remove Server</source>
        <translation>Server entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from Capstan? Its saved sign-in is forgotten; nothing changes on the server.</source>
        <translation>%1 aus Capstan entfernen? Die gespeicherte Anmeldung wird vergessen; auf dem Server ändert sich nichts.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>&amp;Application</source>
        <translation>&amp;Anwendung</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Group By</source>
        <translation>&amp;Gruppieren nach</translation>
    </message>
    <message>
        <source>Project and destination</source>
        <translation>Projekt und Ziel</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Sync-Status</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Nothing (flat)</source>
        <translation>Nichts (flach)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Follow the &amp;Desktop</source>
        <translation>Wie die &amp;Arbeitsumgebung</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>Gruppieren nach:</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Select an application first</source>
        <translation>Wählen Sie zuerst eine Anwendung</translation>
    </message>
    <message>
        <source>Open in Argo CD&apos;s web interface</source>
        <translation>In der Weboberfläche von Argo CD öffnen</translation>
    </message>
    <message>
        <source>Only applications of a remote Argo CD have a web interface</source>
        <translation>Nur Anwendungen eines entfernten Argo CD haben eine Weboberfläche</translation>
    </message>
    <message>
        <source>Checking your permissions…</source>
        <translation>Ihre Berechtigungen werden geprüft …</translation>
    </message>
    <message>
        <source>Delete the selected applications</source>
        <translation>Die gewählten Anwendungen löschen</translation>
    </message>
    <message>
        <source>You may not delete %1 (applications, delete)</source>
        <translation>Sie dürfen %1 nicht löschen (applications, delete)</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) running…</source>
        <translation>
            <numerusform>%n Anfrage läuft …</numerusform>
            <numerusform>%n Anfragen laufen …</numerusform>
        </translation>
    </message>
    <message>
        <source>Trust Certificate</source>
        <translation>Zertifikat vertrauen</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted by this computer.</source>
        <translation>Diesem Computer ist das Zertifikat von %1 nicht vertrauenswürdig.</translation>
    </message>
    <message>
        <source>Issued to: %1
Issued by: %2
SHA-256: %3

Trust it only if this is the fingerprint the server&apos;s administrator gave you.</source>
        <translation>Ausgestellt für: %1
Ausgestellt von: %2
SHA-256: %3

Vertrauen Sie ihm nur, wenn dies der Fingerabdruck ist, den Ihnen die Administration des Servers genannt hat.</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Vertrauen</translation>
    </message>
    <message>
        <source>%1 was not refreshed.</source>
        <translation>%1 wurde nicht aktualisiert.</translation>
    </message>
    <message>
        <source>%1 was not deleted.</source>
        <translation>%1 wurde nicht gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the application&apos;s details and resources (Enter)</source>
        <translation>Details und Ressourcen der Anwendung zeigen (Eingabe)</translation>
    </message>
    <message>
        <source>%1 — Capstan</source>
        <translation>%1 — Capstan</translation>
    </message>
    <message>
        <source>&amp;Diff</source>
        <translation>&amp;Diff</translation>
    </message>
    <message>
        <source>Compare the application&apos;s live resources with the desired ones (Ctrl+D)</source>
        <translation>Die Live-Ressourcen der Anwendung mit den gewünschten vergleichen (Strg+D)</translation>
    </message>
    <message>
        <source>&amp;Sync…</source>
        <translation>&amp;Synchronisieren…</translation>
    </message>
    <message>
        <source>Roll&amp;back…</source>
        <translation>&amp;Zurückrollen…</translation>
    </message>
    <message>
        <source>Synchronize the selected applications</source>
        <translation>Die ausgewählten Anwendungen synchronisieren</translation>
    </message>
    <message>
        <source>You may not sync %1 (applications, sync)</source>
        <translation>Sie dürfen %1 nicht synchronisieren (applications, sync)</translation>
    </message>
    <message>
        <source>Roll back one application at a time</source>
        <translation>Jeweils nur eine Anwendung zurückrollen</translation>
    </message>
    <message>
        <source>Roll the application back to an earlier sync</source>
        <translation>Die Anwendung auf eine frühere Synchronisierung zurückrollen</translation>
    </message>
    <message>
        <source>You may not roll back %1 (applications, sync)</source>
        <translation>Sie dürfen %1 nicht zurückrollen (applications, sync)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;New Application…</source>
        <translation>&amp;Neue Anwendung…</translation>
    </message>
    <message>
        <source>Create an application on the selected server</source>
        <translation>Eine Anwendung auf dem ausgewählten Server anlegen</translation>
    </message>
    <message>
        <source>Edit one application at a time</source>
        <translation>Jeweils nur eine Anwendung bearbeiten</translation>
    </message>
    <message>
        <source>Edit the application&apos;s source, destination and sync policy</source>
        <translation>Quelle, Ziel und Synchronisierungsrichtlinie der Anwendung bearbeiten</translation>
    </message>
    <message>
        <source>You may not edit %1 (applications, update)</source>
        <translation>Sie dürfen %1 nicht bearbeiten (applications, update)</translation>
    </message>
    <message>
        <source>%1 cannot be edited.</source>
        <translation>%1 kann nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>&amp;Repositories…</source>
        <translation>&amp;Repositories…</translation>
    </message>
    <message>
        <source>C&amp;lusters…</source>
        <translation>C&amp;luster…</translation>
    </message>
    <message>
        <source>&amp;Projects…</source>
        <translation>&amp;Projekte…</translation>
    </message>
</context>
<context>
    <name>Capstan::ManagedDiff</name>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>%1 — live: %2, desired: %3</source>
        <translation>%1 — live: %2, gewünscht: %3</translation>
    </message>
</context>
<context>
    <name>Capstan::ManagedResourcesModel</name>
    <message>
        <source>Synced</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Will be created</source>
        <translation>Wird angelegt</translation>
    </message>
    <message>
        <source>Will be pruned</source>
        <translation>Wird bereinigt</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n Änderung</numerusform>
            <numerusform>%n Änderungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) removed</source>
        <translation>
            <numerusform>%n Zeile entfernt</numerusform>
            <numerusform>%n Zeilen entfernt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) added</source>
        <translation>
            <numerusform>%n Zeile hinzugefügt</numerusform>
            <numerusform>%n Zeilen hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Next Sync</source>
        <translation>Nächste Synchronisierung</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
</context>
<context>
    <name>Capstan::MessageArea</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n more)</source>
        <translation>
            <numerusform>%1 (%n weitere)</numerusform>
            <numerusform>%1 (%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
</context>
<context>
    <name>Capstan::Model</name>
    <message>
        <source>must be %1</source>
        <translation>muss %1 sein</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <source>is out of range</source>
        <translation>liegt außerhalb des Bereichs</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>must be a time in RFC 3339 format, such as 2024-05-01T12:00:00Z</source>
        <translation>muss eine Zeit im Format RFC 3339 sein, etwa 2024-05-01T12:00:00Z</translation>
    </message>
    <message>
        <source>must be one of %1</source>
        <translation>muss einer der Werte %1 sein</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>ist erforderlich</translation>
    </message>
    <message>
        <source>is required unless a chart is given (&quot;.&quot; is the repository root)</source>
        <translation>ist erforderlich, wenn kein Chart angegeben ist (&quot;.&quot; ist die Wurzel des Repositorys)</translation>
    </message>
    <message>
        <source>needs a path, a chart or a ref</source>
        <translation>braucht einen Pfad, ein Chart oder eine Referenz</translation>
    </message>
    <message>
        <source>is required for a Helm chart</source>
        <translation>ist für ein Helm-Chart erforderlich</translation>
    </message>
    <message>
        <source>must be a relative path inside the repository</source>
        <translation>muss ein relativer Pfad innerhalb des Repositorys sein</translation>
    </message>
    <message>
        <source>can have only one of helm, kustomize, directory and plugin</source>
        <translation>darf nur eines von helm, kustomize, directory und plugin enthalten</translation>
    </message>
    <message>
        <source>config management plugins are not supported</source>
        <translation>Config-Management-Plugins werden nicht unterstützt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration: use seconds (&quot;30&quot;) or units such as &quot;30s&quot;, &quot;5m&quot; or &quot;1h&quot;</source>
        <translation>&quot;%1&quot; ist keine Dauer: Sekunden (&quot;30&quot;) oder Einheiten wie &quot;30s&quot;, &quot;5m&quot; oder &quot;1h&quot; verwenden</translation>
    </message>
    <message>
        <source>needs a server or a cluster name</source>
        <translation>braucht einen Server oder einen Clusternamen</translation>
    </message>
    <message>
        <source>can&apos;t have both name and server defined: %1 %2</source>
        <translation>darf nicht zugleich Name und Server angeben: %1 %2</translation>
    </message>
    <message>
        <source>can have spec.source or spec.sources, not both</source>
        <translation>darf spec.source oder spec.sources enthalten, nicht beides</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>darf nicht negativ sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not of the form Name=value</source>
        <translation>&quot;%1&quot; hat nicht die Form Name=Wert</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>needs a server or a cluster name (&quot;*&quot; for any)</source>
        <translation>braucht einen Server oder einen Clusternamen (&quot;*&quot; für beliebige)</translation>
    </message>
    <message>
        <source>&quot;!*&quot; would match nothing</source>
        <translation>&quot;!*&quot; würde nichts treffen</translation>
    </message>
    <message>
        <source>destination &apos;%1&apos; already added</source>
        <translation>Ziel &apos;%1&apos; ist bereits eingetragen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid role name: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>&quot;%1&quot; ist kein gültiger Rollenname: Buchstaben, Ziffern, &apos;-&apos; und &apos;_&apos; verwenden</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http(s) URL</source>
        <translation>&quot;%1&quot; ist keine http(s)-URL</translation>
    </message>
    <message>
        <source>must not start or end with spaces</source>
        <translation>darf nicht mit Leerzeichen beginnen oder enden</translation>
    </message>
    <message>
        <source>must be base64 of PEM data</source>
        <translation>muss Base64-kodierte PEM-Daten enthalten</translation>
    </message>
    <message>
        <source>must be &quot;git&quot;, &quot;helm&quot; or &quot;oci&quot;</source>
        <translation>muss &quot;git&quot;, &quot;helm&quot; oder &quot;oci&quot; sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a repository URL</source>
        <translation>&quot;%1&quot; ist keine Repository-URL</translation>
    </message>
    <message>
        <source>is not a PEM or OpenSSH private key</source>
        <translation>ist kein privater Schlüssel im PEM- oder OpenSSH-Format</translation>
    </message>
    <message>
        <source>is required with a password</source>
        <translation>ist zusammen mit einem Passwort erforderlich</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid name: use at most 253 lowercase letters, digits, &apos;-&apos; and &apos;.&apos;, starting and ending with a letter or digit</source>
        <translation>&quot;%1&quot; ist kein gültiger Name: höchstens 253 Kleinbuchstaben, Ziffern, &apos;-&apos; und &apos;.&apos;, am Anfang und Ende ein Buchstabe oder eine Ziffer</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>unbekanntes Feld</translation>
    </message>
    <message>
        <source>must be &quot;allow&quot; or &quot;deny&quot;, not &quot;%1&quot;</source>
        <translation>muss „allow“ oder „deny“ sein, nicht „%1“</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration such as &quot;1h&quot; or &quot;30m&quot;</source>
        <translation>„%1“ ist keine Dauer wie „1h“ oder „30m“</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a known time zone</source>
        <translation>„%1“ ist keine bekannte Zeitzone</translation>
    </message>
    <message>
        <source>must be of the form &apos;p, proj:%1:%2, applications, &lt;action&gt;, %1/&lt;application&gt;, allow|deny&apos;</source>
        <translation>muss die Form &apos;p, proj:%1:%2, applications, &lt;Aktion&gt;, %1/&lt;Anwendung&gt;, allow|deny&apos; haben</translation>
    </message>
    <message>
        <source>the policy&apos;s subject must be &apos;%1&apos;, not &apos;%2&apos;</source>
        <translation>das Subjekt der Richtlinie muss &apos;%1&apos; sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>the resource must be one of %1, not &apos;%2&apos;</source>
        <translation>die Ressource muss eine von %1 sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an action: use %2 or action/&lt;group&gt;/&lt;kind&gt;/&lt;name&gt;</source>
        <translation>&apos;%1&apos; ist keine Aktion: verwenden Sie %2 oder action/&lt;Gruppe&gt;/&lt;Art&gt;/&lt;Name&gt;</translation>
    </message>
    <message>
        <source>the object must be &apos;%1/*&apos; or &apos;%1/&lt;application&gt;&apos;, not &apos;%2&apos;</source>
        <translation>das Objekt muss &apos;%1/*&apos; oder &apos;%1/&lt;Anwendung&gt;&apos; sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>the effect must be &apos;allow&apos; or &apos;deny&apos;, not &apos;%1&apos;</source>
        <translation>die Wirkung muss &apos;allow&apos; oder &apos;deny&apos; sein, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>role &apos;%1&apos; already exists</source>
        <translation>die Rolle &apos;%1&apos; gibt es bereits</translation>
    </message>
    <message>
        <source>policy &apos;%1&apos; already exists for role &apos;%2&apos;</source>
        <translation>die Richtlinie &apos;%1&apos; gibt es für die Rolle &apos;%2&apos; bereits</translation>
    </message>
    <message>
        <source>group &apos;%1&apos; must be quoted</source>
        <translation>die Gruppe &apos;%1&apos; muss in Anführungszeichen stehen</translation>
    </message>
    <message>
        <source>group must not be empty</source>
        <translation>die Gruppe darf nicht leer sein</translation>
    </message>
    <message>
        <source>group &apos;%1&apos; contains invalid characters</source>
        <translation>die Gruppe &apos;%1&apos; enthält ungültige Zeichen</translation>
    </message>
</context>
<context>
    <name>Capstan::OperationView</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: refused</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: abgelehnt</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: waiting for the operation to start…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: Warten auf den Start der Operation…</translation>
    </message>
    <message>
        <source>%1 · wave %2</source>
        <translation>%1 · Welle %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 — %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 — %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 succeeded&lt;/b&gt;: %2.</source>
        <translation>&lt;b&gt;%1 erfolgreich&lt;/b&gt;: %2.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 ended %3&lt;/b&gt;: %2.</source>
        <translation>&lt;b&gt;%1 endete mit %3&lt;/b&gt;: %2.</translation>
    </message>
    <message>
        <source>Nothing was changed: this was a dry run.</source>
        <translation>Nichts wurde geändert: Dies war ein Probelauf.</translation>
    </message>
</context>
<context>
    <name>Capstan::PasswordHash</name>
    <message>
        <source>password is longer than %1 bytes</source>
        <translation>das Passwort ist länger als %1 Byte</translation>
    </message>
    <message>
        <source>password contains a NUL character</source>
        <translation>das Passwort enthält ein NUL-Zeichen</translation>
    </message>
    <message>
        <source>cannot make a bcrypt salt: %1</source>
        <translation>es kann kein bcrypt-Salt erzeugt werden: %1</translation>
    </message>
    <message>
        <source>cannot hash the password</source>
        <translation>das Passwort kann nicht gehasht werden</translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectDialog</name>
    <message>
        <source>Repository URL</source>
        <translation>Repository-URL</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Cluster Name</source>
        <translation>Clustername</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Only the namespaced kinds listed here</source>
        <translation>Nur die hier aufgeführten Namespace-Arten</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation>Projekt %1</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>lower-case letters, digits, &apos;-&apos; and &apos;.&apos;</source>
        <translation>Kleinbuchstaben, Ziffern, &apos;-&apos; und &apos;.&apos;</translation>
    </message>
    <message>
        <source>None: applications of this project cannot use any repository.</source>
        <translation>Keine: Anwendungen dieses Projekts können kein Repository verwenden.</translation>
    </message>
    <message>
        <source>None: applications of this project cannot deploy anywhere.</source>
        <translation>Keine: Anwendungen dieses Projekts können nirgendwohin bereitstellen.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Source repositories</source>
        <translation>Quell-Repositories</translation>
    </message>
    <message>
        <source>Repositories its applications may deploy from. Globs match many (https://github.com/org/*, * for any); a leading ! denies.</source>
        <translation>Repositories, aus denen seine Anwendungen bereitstellen dürfen. Muster treffen viele (https://github.com/org/*, * für alle); ein vorangestelltes ! verbietet.</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>Clusters and namespaces its applications may deploy to. Name a cluster by its server URL or by its name; * matches any, a leading ! denies.</source>
        <translation>Cluster und Namespaces, in die seine Anwendungen bereitstellen dürfen. Nennen Sie einen Cluster mit seiner Server-URL oder seinem Namen; * trifft alle, ein vorangestelltes ! verbietet.</translation>
    </message>
    <message>
        <source>&amp;Destinations</source>
        <translation>&amp;Ziele</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Cluster-scoped kinds allowed</source>
        <translation>Erlaubte clusterweite Arten</translation>
    </message>
    <message>
        <source>None: no cluster-scoped resource may be deployed.</source>
        <translation>Keine: keine clusterweite Ressource darf bereitgestellt werden.</translation>
    </message>
    <message>
        <source>Cluster-scoped kinds denied</source>
        <translation>Verbotene clusterweite Arten</translation>
    </message>
    <message>
        <source>None denied.</source>
        <translation>Keine verboten.</translation>
    </message>
    <message>
        <source>Namespaced kinds allowed</source>
        <translation>Erlaubte Namespace-Arten</translation>
    </message>
    <message>
        <source>None: no namespaced resource may be deployed.</source>
        <translation>Keine: keine Ressource in einem Namespace darf bereitgestellt werden.</translation>
    </message>
    <message>
        <source>Namespaced kinds denied</source>
        <translation>Verbotene Namespace-Arten</translation>
    </message>
    <message>
        <source>A kind is allowed when an allow list has it and no deny list does. The group of Kubernetes&apos; core kinds is empty; * matches any group or kind.</source>
        <translation>Eine Art ist erlaubt, wenn eine Erlaubt-Liste sie enthält und keine Verboten-Liste. Die Gruppe der Kernarten von Kubernetes ist leer; * trifft jede Gruppe oder Art.</translation>
    </message>
    <message>
        <source>&amp;Resources</source>
        <translation>&amp;Ressourcen</translation>
    </message>
    <message>
        <source>No roles: only the server&apos;s own accounts and policies reach this project.</source>
        <translation>Keine Rollen: nur die eigenen Konten und Richtlinien des Servers erreichen dieses Projekt.</translation>
    </message>
    <message>
        <source>Groups are your identity provider&apos;s groups that get the role, separated by commas (quote a group that has a comma).</source>
        <translation>Gruppen sind die Gruppen Ihres Identitätsanbieters, die die Rolle erhalten, durch Kommas getrennt (eine Gruppe mit Komma in Anführungszeichen).</translation>
    </message>
    <message>
        <source>R&amp;oles</source>
        <translation>R&amp;ollen</translation>
    </message>
    <message>
        <source>Select a role to see its policies.</source>
        <translation>Wählen Sie eine Rolle, um ihre Richtlinien zu sehen.</translation>
    </message>
    <message>
        <source>Policies of the new role:</source>
        <translation>Richtlinien der neuen Rolle:</translation>
    </message>
    <message>
        <source>Policies of %1:</source>
        <translation>Richtlinien von %1:</translation>
    </message>
    <message>
        <source>Tokens issued for this role: %1 (kept as they are).</source>
        <translation>Für diese Rolle ausgestellte Token: %1 (bleiben, wie sie sind).</translation>
    </message>
    <message>
        <source>A project needs a name.</source>
        <translation>Ein Projekt braucht einen Namen.</translation>
    </message>
    <message>
        <source>enter a kind (* for any)</source>
        <translation>geben Sie eine Art ein (* für alle)</translation>
    </message>
    <message>
        <source>policy %1: %2</source>
        <translation>Richtlinie %1: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectsDialog</name>
    <message>
        <source>Projects of %1</source>
        <translation>Projekte von %1</translation>
    </message>
    <message>
        <source>Delete the project %1? Its roles and their tokens go with it. The server keeps a project that applications still use.</source>
        <translation>Das Projekt %1 löschen? Seine Rollen und deren Token gehen mit. Ein Projekt, das noch Anwendungen verwenden, behält der Server.</translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectsModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Source Repositories</source>
        <translation>Quell-Repositories</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 and %n more</source>
        <translation>
            <numerusform>%1, %2 und %n weiteres</numerusform>
            <numerusform>%1, %2 und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::RepositoriesDialog</name>
    <message>
        <source>Repositories of %1</source>
        <translation>Repositories von %1</translation>
    </message>
    <message>
        <source>Delete %1 and its credentials from the server? Applications that use it keep working only if the repository needs no credentials.</source>
        <translation>%1 und seine Zugangsdaten vom Server löschen? Anwendungen, die es nutzen, funktionieren nur weiter, wenn das Repository keine Zugangsdaten braucht.</translation>
    </message>
</context>
<context>
    <name>Capstan::RepositoriesModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
</context>
<context>
    <name>Capstan::RepositoryDialog</name>
    <message>
        <source>Skip the server&apos;s certificate or host key check (insecure)</source>
        <translation>Prüfung des Zertifikats oder Host-Schlüssels überspringen (unsicher)</translation>
    </message>
    <message>
        <source>Repository %1</source>
        <translation>Repository %1</translation>
    </message>
    <message>
        <source>Add Repository</source>
        <translation>Repository hinzufügen</translation>
    </message>
    <message>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>Helm</source>
        <translation>Helm</translation>
    </message>
    <message>
        <source>https://github.com/org/repo.git, git@host:org/repo.git or file:///path</source>
        <translation>https://github.com/org/repo.git, git@host:org/repo.git oder file:///pfad</translation>
    </message>
    <message>
        <source>any project</source>
        <translation>jedes Projekt</translation>
    </message>
    <message>
        <source>unchanged (the server does not show it)</source>
        <translation>unverändert (der Server zeigt es nicht)</translation>
    </message>
    <message>
        <source>-----BEGIN OPENSSH PRIVATE KEY-----…</source>
        <translation>-----BEGIN OPENSSH PRIVATE KEY-----…</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>SSH private &amp;key:</source>
        <translation>Privater SSH-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Test &amp;Connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Enter the repository&apos;s URL.</source>
        <translation>Geben Sie die URL des Repositorys ein.</translation>
    </message>
    <message>
        <source>This is not a repository URL: use https://…, ssh://…, git@host:path or file://…</source>
        <translation>Das ist keine Repository-URL: Verwenden Sie https://…, ssh://…, git@host:pfad oder file://…</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>✔ The server reached the repository.</source>
        <translation>✔ Der Server hat das Repository erreicht.</translation>
    </message>
    <message>
        <source>✘ %1</source>
        <translation>✘ %1</translation>
    </message>
</context>
<context>
    <name>Capstan::ResourceListModel</name>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Sync wave</source>
        <translation>Sync-Welle</translation>
    </message>
</context>
<context>
    <name>Capstan::RetryEditor</name>
    <message>
        <source>forever</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Versuche:</translation>
    </message>
    <message>
        <source>First wait:</source>
        <translation>Erste Wartezeit:</translation>
    </message>
    <message>
        <source>Then:</source>
        <translation>Dann:</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>Höchstens:</translation>
    </message>
</context>
<context>
    <name>Capstan::RollbackDialog</name>
    <message>
        <source>Pr&amp;une</source>
        <translation>Be&amp;reinigen</translation>
    </message>
    <message>
        <source>&amp;Dry run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>Roll Back %1</source>
        <translation>%1 zurückrollen</translation>
    </message>
    <message>
        <source>Roll back %1 to an earlier sync</source>
        <translation>%1 auf eine frühere Synchronisierung zurückrollen</translation>
    </message>
    <message>
        <source>Automated sync is on: %1 would sync back to Git right after a rollback, so rollback is not possible. Turn automated sync off first; turn it on again when you want Git to lead again.</source>
        <translation>Die automatische Synchronisierung ist an: %1 würde direkt nach dem Zurückrollen wieder auf Git synchronisieren, daher ist Zurückrollen nicht möglich. Schalten Sie die automatische Synchronisierung zuerst aus und wieder an, wenn Git wieder führen soll.</translation>
    </message>
    <message>
        <source>Turn Off &amp;Auto-Sync…</source>
        <translation>&amp;Auto-Sync ausschalten…</translation>
    </message>
    <message>
        <source>Select an entry of the history to see what rolling back to it changes.</source>
        <translation>Wählen Sie einen Eintrag des Verlaufs, um zu sehen, was das Zurückrollen darauf ändert.</translation>
    </message>
    <message>
        <source>Delete the resources the earlier revision does not have</source>
        <translation>Die Ressourcen löschen, die die frühere Revision nicht hat</translation>
    </message>
    <message>
        <source>Run the rollback without changing anything in the cluster</source>
        <translation>Das Zurückrollen ausführen, ohne etwas im Cluster zu ändern</translation>
    </message>
    <message>
        <source>&amp;Roll Back</source>
        <translation>&amp;Zurückrollen</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation>%1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>Rollback (dry run)</source>
        <translation>Zurückrollen (Probelauf)</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Reading the manifests of %1…</source>
        <translation>Die Manifeste von %1 werden gelesen…</translation>
    </message>
    <message>
        <source>After the rollback</source>
        <translation>Nach dem Zurückrollen</translation>
    </message>
    <message>
        <source>&amp;Dry Run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>Turn automated sync off first</source>
        <translation>Zuerst die automatische Synchronisierung ausschalten</translation>
    </message>
    <message>
        <source>Roll back to history entry %1</source>
        <translation>Auf Verlaufseintrag %1 zurückrollen</translation>
    </message>
    <message>
        <source>Select an entry of the history</source>
        <translation>Wählen Sie einen Eintrag des Verlaufs</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Turn Off Automated Sync</source>
        <translation>Automatische Synchronisierung ausschalten</translation>
    </message>
    <message>
        <source>Turn automated sync of %1 off? Until it is on again, changes in Git are not applied by themselves.</source>
        <translation>Die automatische Synchronisierung von %1 ausschalten? Bis sie wieder an ist, werden Änderungen in Git nicht von selbst angewendet.</translation>
    </message>
    <message>
        <source>Automated sync of %1 was not turned off: %2</source>
        <translation>Die automatische Synchronisierung von %1 wurde nicht ausgeschaltet: %2</translation>
    </message>
    <message>
        <source>%1 was not terminated: %2</source>
        <translation>%1 wurde nicht beendet: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::RollbackPreview</name>
    <message>
        <source>The server masks Secret values on each side on its own: whether %1 changes cannot be seen here.</source>
        <translation>Der Server maskiert Secret-Werte auf jeder Seite für sich: ob sich %1 ändert, ist hier nicht zu sehen.</translation>
    </message>
</context>
<context>
    <name>Capstan::RowsEditor</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::SampleApplications</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>git %1 failed: %2</source>
        <translation>git %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>git cannot be run: %1</source>
        <translation>git kann nicht ausgeführt werden: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::ServerConfiguration</name>
    <message>
        <source>%1 holds no PEM certificate</source>
        <translation>%1 enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>%1 holds no PEM private key (RSA or EC)</source>
        <translation>%1 enthält keinen privaten PEM-Schlüssel (RSA oder EC)</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: %2 “%3” is not a setting Capstan reads; use ConfigMaps named argocd-cm and argocd-rbac-cm</source>
        <translation>%1: %2 „%3“ ist keine Einstellung, die Capstan liest; ConfigMaps namens argocd-cm und argocd-rbac-cm verwenden</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>%1: %2 data.%3 must be a string</source>
        <translation>%1: %2 data.%3 muss eine Zeichenkette sein</translation>
    </message>
</context>
<context>
    <name>Capstan::ServerServices</name>
    <message>
        <source>cannot read the server&apos;s signing key in %1</source>
        <translation>der Signaturschlüssel des Servers in %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>users.session.duration: &quot;%1&quot; is not a duration</source>
        <translation>users.session.duration: „%1“ ist keine Dauer</translation>
    </message>
    <message>
        <source>passwordPattern: &quot;%1&quot; is not a regular expression</source>
        <translation>passwordPattern: „%1“ ist kein regulärer Ausdruck</translation>
    </message>
</context>
<context>
    <name>Capstan::ServerStatus</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Starting the local server…</source>
        <translation>Der lokale Server startet …</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Cannot connect</source>
        <translation>Keine Verbindung möglich</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::DirectorySource</name>
    <message>
        <source>spec.source.directory.%1: &apos;%2&apos; is not a valid pattern</source>
        <translation>spec.source.directory.%1: „%2“ ist kein gültiges Muster</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::GitRepository</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>The SSH host key of %1 cannot be checked against known_hosts.</source>
        <translation>Der SSH-Hostschlüssel von %1 kann nicht mit known_hosts abgeglichen werden.</translation>
    </message>
    <message>
        <source>The SSH host key of %1 is not in the known hosts. Add the host&apos;s key, or mark the repository insecure.</source>
        <translation>Der SSH-Hostschlüssel von %1 ist nicht unter den bekannten Hosts. Fügen Sie den Schlüssel des Hosts hinzu oder markieren Sie das Repository als unsicher.</translation>
    </message>
    <message>
        <source>The SSH host key of %1 does not match the known hosts. Someone may be intercepting the connection; if the key changed on purpose, update the known hosts.</source>
        <translation>Der SSH-Hostschlüssel von %1 stimmt nicht mit den bekannten Hosts überein. Möglicherweise wird die Verbindung abgefangen; wurde der Schlüssel absichtlich geändert, aktualisieren Sie die bekannten Hosts.</translation>
    </message>
    <message>
        <source>The TLS certificate of %1 is not trusted. Install its certificate authority, or mark the repository insecure.</source>
        <translation>Dem TLS-Zertifikat von %1 wird nicht vertraut. Installieren Sie seine Zertifizierungsstelle oder markieren Sie das Repository als unsicher.</translation>
    </message>
    <message>
        <source>The repository URL is empty.</source>
        <translation>Die Repository-URL ist leer.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is neither a URL nor an absolute path to a local repository.</source>
        <translation>„%1“ ist weder eine URL noch ein absoluter Pfad zu einem lokalen Repository.</translation>
    </message>
    <message>
        <source>The repository %1 rejected the credentials for user &apos;%2&apos;.</source>
        <translation>Das Repository %1 hat die Zugangsdaten für den Benutzer „%2“ abgelehnt.</translation>
    </message>
    <message>
        <source>The repository %1 requires credentials. Add them to the repository, or add a credential template that matches its URL.</source>
        <translation>Das Repository %1 verlangt Zugangsdaten. Hinterlegen Sie sie beim Repository oder legen Sie eine Zugangsdaten-Vorlage an, die zu seiner URL passt.</translation>
    </message>
    <message>
        <source>Cannot create the repository cache: %1</source>
        <translation>Der Repository-Cache kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Cannot use the repository URL %1: %2</source>
        <translation>Die Repository-URL %1 ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>Cannot reach the repository %1: %2</source>
        <translation>Das Repository %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>Cannot list the references of %1: %2</source>
        <translation>Die Referenzen von %1 können nicht aufgelistet werden: %2</translation>
    </message>
    <message>
        <source>Cannot fetch from %1: %2</source>
        <translation>Abrufen von %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Cannot update the references fetched from %1: %2</source>
        <translation>Die von %1 abgerufenen Referenzen können nicht aktualisiert werden: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; points to commit %2, which %3 did not send.</source>
        <translation>„%1“ zeigt auf Commit %2, den %3 nicht gesendet hat.</translation>
    </message>
    <message>
        <source>Unable to resolve &apos;%1&apos; to a commit SHA: %2 has no such branch, tag or commit.</source>
        <translation>„%1“ lässt sich nicht in einen Commit-SHA auflösen: %2 hat keinen solchen Branch, Tag oder Commit.</translation>
    </message>
    <message>
        <source>Commit %1 is not in the repository.</source>
        <translation>Commit %1 ist nicht im Repository.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::HelmSource</name>
    <message>
        <source>%1: &apos;%2&apos; is a URL; value files must be in the repository.</source>
        <translation>%1: „%2“ ist eine URL; Werte-Dateien müssen im Repository liegen.</translation>
    </message>
    <message>
        <source>%1: the absolute path &apos;%2&apos; is not allowed; paths are relative to the chart.</source>
        <translation>%1: Der absolute Pfad „%2“ ist nicht erlaubt; Pfade sind relativ zum Chart.</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is outside the repository.</source>
        <translation>%1: „%2“ liegt außerhalb des Repositorys.</translation>
    </message>
    <message>
        <source>%1: the value file &apos;%2&apos; does not exist in the repository.</source>
        <translation>%1: Die Werte-Datei „%2“ gibt es im Repository nicht.</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; does not exist in the repository.</source>
        <translation>%1: „%2“ gibt es im Repository nicht.</translation>
    </message>
    <message>
        <source>helm is not installed: Helm charts need the helm program on the PATH of the Capstan server.</source>
        <translation>helm ist nicht installiert: Helm-Charts brauchen das Programm helm im PATH des Capstan-Servers.</translation>
    </message>
    <message>
        <source>Cannot write the inline values.</source>
        <translation>Die eingebetteten Werte können nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::JsonnetEvaluator</name>
    <message>
        <source>The absolute import &apos;%1&apos; is not allowed; imports are relative to the repository.</source>
        <translation>Der absolute Import „%1“ ist nicht erlaubt; Importe sind relativ zum Repository.</translation>
    </message>
    <message>
        <source>The import &apos;%1&apos; leads outside the repository.</source>
        <translation>Der Import „%1“ führt aus dem Repository hinaus.</translation>
    </message>
    <message>
        <source>no file &apos;%1&apos; in the repository</source>
        <translation>keine Datei „%1“ im Repository</translation>
    </message>
    <message>
        <source>The Jsonnet library path &apos;%1&apos; is not usable: %2</source>
        <translation>Der Jsonnet-Bibliothekspfad „%1“ ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>%1: Jsonnet evaluation failed: %2</source>
        <translation>%1: Jsonnet-Auswertung fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: Jsonnet produced invalid JSON: %2</source>
        <translation>%1: Jsonnet hat ungültiges JSON erzeugt: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::KustomizeSource</name>
    <message>
        <source>%1: %2 refers to the absolute path &apos;%3&apos;; only paths inside the repository are allowed.</source>
        <translation>%1: %2 verweist auf den absoluten Pfad „%3“; erlaubt sind nur Pfade im Repository.</translation>
    </message>
    <message>
        <source>%1: %2 refers to &apos;%3&apos;, which is outside the repository.</source>
        <translation>%1: %2 verweist auf „%3“, das außerhalb des Repositorys liegt.</translation>
    </message>
    <message>
        <source>Cannot read the kustomization.</source>
        <translation>Die Kustomization kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot write the kustomization.</source>
        <translation>Die Kustomization kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>kustomize is not installed: Kustomize applications need kustomize or kubectl on the PATH of the Capstan server.</source>
        <translation>kustomize ist nicht installiert: Kustomize-Anwendungen brauchen kustomize oder kubectl im PATH des Capstan-Servers.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::LocalRepositories</name>
    <message>
        <source>local repositories are not allowed on this server: &apos;%1&apos; is on the server&apos;s disk%2</source>
        <translation>lokale Repositorys sind auf diesem Server nicht erlaubt: &apos;%1&apos; liegt auf der Festplatte des Servers%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is outside the folders allowed for local repositories (%2)%3</source>
        <translation>&apos;%1&apos; liegt außerhalb der Ordner, die für lokale Repositorys erlaubt sind (%2)%3</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::ManifestGenerator</name>
    <message>
        <source>spec.source.path: the absolute path &apos;%1&apos; is not allowed; the path is relative to the repository root.</source>
        <translation>spec.source.path: Der absolute Pfad „%1“ ist nicht erlaubt; der Pfad ist relativ zur Wurzel des Repositorys.</translation>
    </message>
    <message>
        <source>spec.source.path: &apos;%1&apos; leads outside the repository.</source>
        <translation>spec.source.path: „%1“ führt aus dem Repository hinaus.</translation>
    </message>
    <message>
        <source>spec.source.path: &apos;%1&apos; is not a folder at commit %2.</source>
        <translation>spec.source.path: „%1“ ist in Commit %2 kein Ordner.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::ManifestParser</name>
    <message>
        <source>the document is nested too deeply</source>
        <translation>das Dokument ist zu tief verschachtelt</translation>
    </message>
    <message>
        <source>a mapping key must be a plain value</source>
        <translation>ein Schlüssel muss ein einfacher Wert sein</translation>
    </message>
    <message>
        <source>&apos;&lt;&lt;&apos; must merge a mapping</source>
        <translation>„&lt;&lt;“ muss eine Zuordnung einfügen</translation>
    </message>
    <message>
        <source>not a Kubernetes object: expected a mapping with apiVersion and kind</source>
        <translation>kein Kubernetes-Objekt: erwartet wird eine Zuordnung mit apiVersion und kind</translation>
    </message>
    <message>
        <source>not a Kubernetes object: &apos;apiVersion&apos; is missing</source>
        <translation>kein Kubernetes-Objekt: „apiVersion“ fehlt</translation>
    </message>
    <message>
        <source>not a Kubernetes object: &apos;kind&apos; is missing</source>
        <translation>kein Kubernetes-Objekt: „kind“ fehlt</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::RepositoryTree</name>
    <message>
        <source>&apos;%1&apos; is not a commit SHA.</source>
        <translation>„%1“ ist kein Commit-SHA.</translation>
    </message>
    <message>
        <source>Commit %1 is not in the repository.</source>
        <translation>Commit %1 ist nicht im Repository.</translation>
    </message>
    <message>
        <source>Cannot read the tree of commit %1.</source>
        <translation>Der Baum von Commit %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot list the files of commit %1.</source>
        <translation>Die Dateien von Commit %1 können nicht aufgelistet werden.</translation>
    </message>
    <message>
        <source>The absolute path &apos;%1&apos; is not allowed; paths are relative to the repository root.</source>
        <translation>Der absolute Pfad „%1“ ist nicht erlaubt; Pfade sind relativ zur Wurzel des Repositorys.</translation>
    </message>
    <message>
        <source>The symlink &apos;%1&apos; points outside the repository.</source>
        <translation>Der symbolische Link „%1“ zeigt aus dem Repository hinaus.</translation>
    </message>
    <message>
        <source>The path &apos;%1&apos; leads outside the repository.</source>
        <translation>Der Pfad „%1“ führt aus dem Repository hinaus.</translation>
    </message>
    <message>
        <source>Too many levels of symlinks at &apos;%1&apos;.</source>
        <translation>Zu viele Ebenen symbolischer Links bei „%1“.</translation>
    </message>
    <message>
        <source>The symlink &apos;%1&apos; points outside the repository (to an absolute path).</source>
        <translation>Der symbolische Link „%1“ zeigt aus dem Repository hinaus (auf einen absoluten Pfad).</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos; at commit %2.</source>
        <translation>„%1“ kann in Commit %2 nicht gelesen werden.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not exist at commit %2.</source>
        <translation>„%1“ gibt es in Commit %2 nicht.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a file at commit %2.</source>
        <translation>„%1“ ist in Commit %2 keine Datei.</translation>
    </message>
    <message>
        <source>The repository contains a symlink that points outside it: &apos;%1&apos;.</source>
        <translation>Das Repository enthält einen symbolischen Link, der aus ihm hinauszeigt: „%1“.</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos; into a temporary folder.</source>
        <translation>„%1“ kann nicht in einen temporären Ordner geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::SourceOptions</name>
    <message>
        <source>must be a string</source>
        <translation>muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>muss eine Liste sein</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>muss ein Objekt sein</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>ist erforderlich</translation>
    </message>
    <message>
        <source>needs both a name and a path</source>
        <translation>braucht einen Namen und einen Pfad</translation>
    </message>
    <message>
        <source>config management plugins are not supported</source>
        <translation>Config-Management-Plugins werden nicht unterstützt</translation>
    </message>
    <message>
        <source>only one of %1 may be set</source>
        <translation>nur eines von %1 darf gesetzt sein</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::ToolRunner</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>%1 did not finish within %2 s and was stopped.</source>
        <translation>%1 ist nicht innerhalb von %2 s fertig geworden und wurde beendet.</translation>
    </message>
    <message>
        <source>%1 produced more than %2 MB of output and was stopped.</source>
        <translation>%1 hat mehr als %2 MB ausgegeben und wurde beendet.</translation>
    </message>
    <message>
        <source>%1 produced more than %2 MB of output.</source>
        <translation>%1 hat mehr als %2 MB ausgegeben.</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>Exit-Code %1</translation>
    </message>
    <message>
        <source>it crashed</source>
        <translation>es ist abgestürzt</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::Workspace</name>
    <message>
        <source>Cannot create a temporary folder: %1</source>
        <translation>Ein temporärer Ordner kann nicht angelegt werden: %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Store::Database</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cannot create the database &quot;%1&quot;: %2</source>
        <translation>die Datenbank &quot;%1&quot; kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>cannot open the database &quot;%1&quot;</source>
        <translation>die Datenbank &quot;%1&quot; kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>the database &quot;%1&quot; is damaged or not a Capstan database: %2</source>
        <translation>die Datenbank &quot;%1&quot; ist beschädigt oder keine Capstan-Datenbank: %2</translation>
    </message>
    <message>
        <source>the database &quot;%1&quot; is damaged: %2</source>
        <translation>die Datenbank &quot;%1&quot; ist beschädigt: %2</translation>
    </message>
    <message>
        <source>cannot turn on write-ahead logging for &quot;%1&quot; (is it on a network file system?)</source>
        <translation>Write-Ahead-Logging für &quot;%1&quot; lässt sich nicht einschalten (liegt sie auf einem Netzwerkdateisystem?)</translation>
    </message>
    <message>
        <source>the database &quot;%1&quot; was written by a newer Capstan (schema version %2; this one knows versions up to %3)</source>
        <translation>die Datenbank &quot;%1&quot; wurde von einem neueren Capstan geschrieben (Schemaversion %2; diese Version kennt Versionen bis %3)</translation>
    </message>
    <message>
        <source>cannot begin a transaction</source>
        <translation>eine Transaktion kann nicht begonnen werden</translation>
    </message>
    <message>
        <source>cannot commit</source>
        <translation>Festschreiben nicht möglich</translation>
    </message>
</context>
<context>
    <name>Capstan::Store::Store</name>
    <message>
        <source>%1 is invalid: %2</source>
        <translation>%1 ist ungültig: %2</translation>
    </message>
    <message>
        <source>application &quot;%1&quot;</source>
        <translation>Anwendung &quot;%1&quot;</translation>
    </message>
    <message>
        <source>project &quot;%1&quot;</source>
        <translation>Projekt &quot;%1&quot;</translation>
    </message>
    <message>
        <source>repository &quot;%1&quot;</source>
        <translation>Repository &quot;%1&quot;</translation>
    </message>
    <message>
        <source>repository credentials &quot;%1&quot;</source>
        <translation>Repository-Zugangsdaten &quot;%1&quot;</translation>
    </message>
    <message>
        <source>cluster &quot;%1&quot;</source>
        <translation>Cluster &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1 not found</source>
        <translation>%1 nicht gefunden</translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation>%1 existiert bereits</translation>
    </message>
    <message>
        <source>%1 was changed by someone else (resourceVersion %2, now %3); read it again and retry</source>
        <translation>%1 wurde inzwischen geändert (resourceVersion %2, jetzt %3); bitte neu lesen und erneut versuchen</translation>
    </message>
    <message numerus="yes">
        <source>project is referenced by %n application(s)</source>
        <translation>
            <numerusform>das Projekt wird von %n Anwendung verwendet</numerusform>
            <numerusform>das Projekt wird von %n Anwendungen verwendet</numerusform>
        </translation>
    </message>
    <message>
        <source>a cluster named &quot;%1&quot; already exists (%2)</source>
        <translation>ein Cluster namens &quot;%1&quot; existiert bereits (%2)</translation>
    </message>
</context>
<context>
    <name>Capstan::Sync::KubeOperations</name>
    <message>
        <source>%1 kept changing while it was applied; gave up after %2 attempts</source>
        <translation>%1 hat sich beim Anwenden ständig geändert; nach %2 Versuchen aufgegeben</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncDialog</name>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Sync %1</source>
        <translation>%1 synchronisieren</translation>
    </message>
    <message numerus="yes">
        <source>Sync %n Applications</source>
        <translation>
            <numerusform>%n Anwendung synchronisieren</numerusform>
            <numerusform>%n Anwendungen synchronisieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Synchronize %1</source>
        <translation>%1 synchronisieren</translation>
    </message>
    <message numerus="yes">
        <source>Synchronize %n applications: %1</source>
        <translation>
            <numerusform>%n Anwendung synchronisieren: %1</numerusform>
            <numerusform>%n Anwendungen synchronisieren: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>Run a dry-run sync with these options and show what it would do</source>
        <translation>Einen Probelauf mit diesen Optionen ausführen und zeigen, was er täte</translation>
    </message>
    <message>
        <source>&amp;Synchronize</source>
        <translation>&amp;Synchronisieren</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>Stop the running operation</source>
        <translation>Die laufende Operation beenden</translation>
    </message>
    <message>
        <source>← &amp;Options</source>
        <translation>← &amp;Optionen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>A branch, a tag or a commit; the application&apos;s target revision by default</source>
        <translation>Ein Branch, ein Tag oder ein Commit; standardmäßig die Zielrevision der Anwendung</translation>
    </message>
    <message>
        <source>&amp;Revision:</source>
        <translation>&amp;Revision:</translation>
    </message>
    <message>
        <source>Each application syncs to its own target revision</source>
        <translation>Jede Anwendung synchronisiert auf ihre eigene Zielrevision</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>Pr&amp;une</source>
        <translation>Be&amp;reinigen</translation>
    </message>
    <message>
        <source>Delete the resources that are no longer in Git</source>
        <translation>Die Ressourcen löschen, die nicht mehr in Git sind</translation>
    </message>
    <message>
        <source>&amp;Dry run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>Run the sync without changing anything in the cluster</source>
        <translation>Die Synchronisierung ausführen, ohne etwas im Cluster zu ändern</translation>
    </message>
    <message>
        <source>Apply &amp;out-of-sync only</source>
        <translation>Nur &amp;nicht synchrone anwenden</translation>
    </message>
    <message>
        <source>Apply only the resources that differ, not every resource</source>
        <translation>Nur die abweichenden Ressourcen anwenden, nicht alle</translation>
    </message>
    <message>
        <source>&amp;Force</source>
        <translation>&amp;Erzwingen</translation>
    </message>
    <message>
        <source>Delete and create again what cannot be patched (kubectl apply --force)</source>
        <translation>Löschen und neu anlegen, was sich nicht patchen lässt (kubectl apply --force)</translation>
    </message>
    <message>
        <source>R&amp;eplace</source>
        <translation>E&amp;rsetzen</translation>
    </message>
    <message>
        <source>Replace the resources instead of applying them</source>
        <translation>Die Ressourcen ersetzen statt sie anzuwenden</translation>
    </message>
    <message>
        <source>Server-side &amp;apply</source>
        <translation>Server&amp;seitig anwenden</translation>
    </message>
    <message>
        <source>Let the API server merge the changes (kubectl apply --server-side)</source>
        <translation>Den API-Server die Änderungen zusammenführen lassen (kubectl apply --server-side)</translation>
    </message>
    <message>
        <source>Create &amp;namespace</source>
        <translation>&amp;Namespace anlegen</translation>
    </message>
    <message>
        <source>Create the destination namespace if it does not exist</source>
        <translation>Den Ziel-Namespace anlegen, falls es ihn nicht gibt</translation>
    </message>
    <message>
        <source>Prune &amp;last</source>
        <translation>&amp;Zuletzt bereinigen</translation>
    </message>
    <message>
        <source>Prune after every other resource was applied and is healthy</source>
        <translation>Bereinigen, nachdem alle anderen Ressourcen angewendet und gesund sind</translation>
    </message>
    <message>
        <source>Re&amp;try when the sync fails</source>
        <translation>&amp;Wiederholen, wenn die Synchronisierung fehlschlägt</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>A&amp;ll</source>
        <translation>A&amp;lle</translation>
    </message>
    <message>
        <source>Out of s&amp;ync</source>
        <translation>Nicht s&amp;ynchron</translation>
    </message>
    <message>
        <source>N&amp;one</source>
        <translation>&amp;Keine</translation>
    </message>
    <message>
        <source>Select a resource to see its diff.</source>
        <translation>Wählen Sie eine Ressource, um ihren Diff zu sehen.</translation>
    </message>
    <message>
        <source>%1 %2 is live as desired.</source>
        <translation>%1 %2 ist live wie gewünscht.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Gewünscht</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>No diff for this resource.</source>
        <translation>Kein Diff für diese Ressource.</translation>
    </message>
    <message>
        <source>Check at least one resource.</source>
        <translation>Wählen Sie mindestens eine Ressource.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n resource(s) checked</source>
        <translation>
            <numerusform>%1 von %n Ressource ausgewählt</numerusform>
            <numerusform>%1 von %n Ressourcen ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Dry Run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>&amp;Synchronize Now</source>
        <translation>Jetzt &amp;synchronisieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Preview&lt;/b&gt;: starting a dry run…</source>
        <translation>&lt;b&gt;Vorschau&lt;/b&gt;: Probelauf wird gestartet…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Starting&lt;/b&gt;…</source>
        <translation>&lt;b&gt;Wird gestartet&lt;/b&gt;…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The connection is gone.</source>
        <translation>Die Verbindung besteht nicht mehr.</translation>
    </message>
    <message>
        <source>%1 was not terminated: %2</source>
        <translation>%1 wurde nicht beendet: %2</translation>
    </message>
    <message>
        <source>Preview (dry run)</source>
        <translation>Vorschau (Probelauf)</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisierung</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 of %n application(s) done</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: %2 von %n Anwendung fertig</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;: %2 von %n Anwendungen fertig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 succeeded&lt;/b&gt; for all %n application(s).</source>
        <translation>
            <numerusform>&lt;b&gt;%1 erfolgreich&lt;/b&gt; für %n Anwendung.</numerusform>
            <numerusform>&lt;b&gt;%1 erfolgreich&lt;/b&gt; für alle %n Anwendungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 failed&lt;/b&gt; for %2 of %n application(s): select one for why.</source>
        <translation>
            <numerusform>&lt;b&gt;%1 fehlgeschlagen&lt;/b&gt; für %2 von %n Anwendung: Wählen Sie sie für den Grund.</numerusform>
            <numerusform>&lt;b&gt;%1 fehlgeschlagen&lt;/b&gt; für %2 von %n Anwendungen: Wählen Sie eine für den Grund.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;i&gt;Synchronize Now&lt;/i&gt; applies it.</source>
        <translation>&lt;i&gt;Jetzt synchronisieren&lt;/i&gt; wendet es an.</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncProgress</name>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n geändert</numerusform>
            <numerusform>%n geändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unverändert</numerusform>
            <numerusform>%n unverändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pruned</source>
        <translation>
            <numerusform>%n bereinigt</numerusform>
            <numerusform>%n bereinigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not pruned</source>
        <translation>
            <numerusform>%n nicht bereinigt</numerusform>
            <numerusform>%n nicht bereinigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n läuft</numerusform>
            <numerusform>%n laufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>No resources were synced.</source>
        <translation>Es wurden keine Ressourcen synchronisiert.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncRequest</name>
    <message>
        <source>&quot;%1&quot; is not a duration: write it as 5s, 3m or 1h30m.</source>
        <translation>„%1“ ist keine Dauer: Schreiben Sie sie als 5s, 3m oder 1h30m.</translation>
    </message>
    <message>
        <source>The factor must be 1 or more.</source>
        <translation>Der Faktor muss 1 oder mehr sein.</translation>
    </message>
    <message>
        <source>The longest wait is shorter than the first one.</source>
        <translation>Die längste Wartezeit ist kürzer als die erste.</translation>
    </message>
    <message>
        <source>The limit must be -1 (retry forever), 0 (never) or more.</source>
        <translation>Die Grenze muss -1 (unbegrenzt wiederholen), 0 (nie) oder mehr sein.</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncResourcesModel</name>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Welle</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncResultsModel</name>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
    <message>
        <source>Pruned</source>
        <translation>Bereinigt</translation>
    </message>
    <message>
        <source>Not pruned</source>
        <translation>Nicht bereinigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 (%2 hook)</source>
        <translation>%1 (%2-Hook)</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Welle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>Capstan::VersionInfoModel</name>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Build date</source>
        <translation>Erstellt am</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Tree state</source>
        <translation>Zustand des Arbeitsbaums</translation>
    </message>
    <message>
        <source>Go version</source>
        <translation>Go-Version</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Compiler</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Kustomize</source>
        <translation>Kustomize</translation>
    </message>
    <message>
        <source>Helm</source>
        <translation>Helm</translation>
    </message>
    <message>
        <source>kubectl</source>
        <translation>kubectl</translation>
    </message>
    <message>
        <source>Jsonnet</source>
        <translation>Jsonnet</translation>
    </message>
    <message>
        <source>Build info</source>
        <translation>Build-Informationen</translation>
    </message>
</context>
<context>
    <name>Capstan::VersionMessage</name>
    <message>
        <source>the field &quot;%1&quot; of the version is not a string</source>
        <translation>das Feld „%1“ der Version ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>the answer has no &quot;Version&quot; field</source>
        <translation>die Antwort hat kein Feld „Version“</translation>
    </message>
</context>
<context>
    <name>ResourceGraphView</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>click to collapse</source>
        <translation>zum Einklappen klicken</translation>
    </message>
    <message>
        <source>click to expand</source>
        <translation>zum Aufklappen klicken</translation>
    </message>
    <message>
        <source>Laying out the resources…</source>
        <translation>Die Ressourcen werden angeordnet …</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation>Verkleinern (Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation>Vergrößern (Strg+Mausrad)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>Auswahl zeigen</translation>
    </message>
</context>
<context>
    <name>ServerOverview</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Erneut versuchen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A desktop GitOps console for Kubernetes.</source>
        <translation>Eine Desktop-GitOps-Konsole für Kubernetes.</translation>
    </message>
    <message>
        <source>Serves Capstan over Argo CD&apos;s REST API (/api/v1).</source>
        <translation>Stellt Capstan über die REST-API von Argo CD (/api/v1) bereit.</translation>
    </message>
    <message>
        <source>Listen on ADDR:PORT; port 0 picks a free port (default: %1).</source>
        <translation>Auf ADDR:PORT lauschen; Port 0 wählt einen freien Port (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>Keep the server&apos;s state in DIR (default: %1).</source>
        <translation>Den Zustand des Servers in DIR ablegen (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (see --help)</source>
        <translation>unerwartetes Argument „%1“ (siehe --help)</translation>
    </message>
    <message>
        <source>--listen: %1</source>
        <translation>--listen: %1</translation>
    </message>
    <message>
        <source>--data-dir: %1</source>
        <translation>--data-dir: %1</translation>
    </message>
    <message>
        <source>Start the local control plane (etcd, kube-apiserver, kube-controller-manager) on loopback, with its state in the data folder.</source>
        <translation>Die lokale Control Plane (etcd, kube-apiserver, kube-controller-manager) auf Loopback starten, mit ihrem Zustand im Datenordner.</translation>
    </message>
    <message>
        <source>--local-cluster: %1</source>
        <translation>--local-cluster: %1</translation>
    </message>
    <message>
        <source>admin&apos;s initial password: %1 (kept in %2 until it is changed)</source>
        <translation>anfängliches Passwort von admin: %1 (bis zur Änderung in %2 abgelegt)</translation>
    </message>
    <message>
        <source>Read Argo CD&apos;s settings from FILE: YAML or JSON with the ConfigMaps argocd-cm and argocd-rbac-cm (accounts, RBAC policy, …).</source>
        <translation>Die Einstellungen von Argo CD aus FILE lesen: YAML oder JSON mit den ConfigMaps argocd-cm und argocd-rbac-cm (Konten, RBAC-Richtlinie, …).</translation>
    </message>
    <message>
        <source>Serve HTTPS with the PEM certificate chain in FILE (with --tls-key).</source>
        <translation>HTTPS mit der PEM-Zertifikatskette in FILE bereitstellen (mit --tls-key).</translation>
    </message>
    <message>
        <source>The PEM private key of --tls-cert.</source>
        <translation>Der private PEM-Schlüssel zu --tls-cert.</translation>
    </message>
    <message>
        <source>Serve plain HTTP, without TLS. Only on a loopback address, unless --insecure-any-address is given too.</source>
        <translation>Unverschlüsseltes HTTP ohne TLS bereitstellen. Nur auf einer Loopback-Adresse, außer --insecure-any-address ist ebenfalls angegeben.</translation>
    </message>
    <message>
        <source>Allow --insecure on an address other hosts can reach.</source>
        <translation>--insecure auf einer Adresse erlauben, die andere Rechner erreichen.</translation>
    </message>
    <message>
        <source>Serve the cluster of FILE&apos;s current context (or --context) as in-cluster, instead of the local control plane.</source>
        <translation>Den Cluster des aktuellen Kontexts von FILE (oder --context) als in-cluster bereitstellen, statt der lokalen Control Plane.</translation>
    </message>
    <message>
        <source>The context of --kubeconfig to use.</source>
        <translation>Der zu verwendende Kontext von --kubeconfig.</translation>
    </message>
    <message>
        <source>Compare every app again this often, as 180s or 3m (default: 180s).</source>
        <translation>Jede Anwendung in diesem Abstand erneut vergleichen, etwa 180s oder 3m (Vorgabe: 180s).</translation>
    </message>
    <message>
        <source>debug, info, warn or error (default: info).</source>
        <translation>debug, info, warn oder error (Vorgabe: info).</translation>
    </message>
    <message>
        <source>text, or json for one JSON object per line (default: text).</source>
        <translation>text, oder json für ein JSON-Objekt pro Zeile (Vorgabe: text).</translation>
    </message>
    <message>
        <source>--log-format: &quot;%1&quot; is not text or json</source>
        <translation>--log-format: „%1“ ist weder text noch json</translation>
    </message>
    <message>
        <source>--log-level: &quot;%1&quot; is not debug, info, warn or error</source>
        <translation>--log-level: „%1“ ist nicht debug, info, warn oder error</translation>
    </message>
    <message>
        <source>--reconciliation-timeout: &quot;%1&quot; is not a duration of a second or more, as 180s or 3m</source>
        <translation>--reconciliation-timeout: „%1“ ist keine Dauer von mindestens einer Sekunde, etwa 180s oder 3m</translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key go together</source>
        <translation>--tls-cert und --tls-key gehören zusammen</translation>
    </message>
    <message>
        <source>--insecure serves no TLS: leave out --tls-cert</source>
        <translation>--insecure stellt kein TLS bereit: --tls-cert weglassen</translation>
    </message>
    <message>
        <source>--insecure serves plain HTTP, which only loopback addresses get; add --insecure-any-address to serve it on %1</source>
        <translation>--insecure stellt unverschlüsseltes HTTP bereit, das nur Loopback-Adressen bekommen; --insecure-any-address hinzufügen, um es auf %1 bereitzustellen</translation>
    </message>
    <message>
        <source>--kubeconfig and --local-cluster exclude each other</source>
        <translation>--kubeconfig und --local-cluster schließen einander aus</translation>
    </message>
    <message>
        <source>--context needs --kubeconfig</source>
        <translation>--context braucht --kubeconfig</translation>
    </message>
    <message>
        <source>--kubeconfig: %1</source>
        <translation>--kubeconfig: %1</translation>
    </message>
    <message>
        <source>--tls-cert: %1</source>
        <translation>--tls-cert: %1</translation>
    </message>
    <message>
        <source>--config: %1</source>
        <translation>--config: %1</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS: %1</translation>
    </message>
    <message>
        <source>Serve Git repositories on this machine (file:// URLs and paths) that lie below DIR; repeat it, or separate folders with commas. Without it none are served.</source>
        <translation>Git-Repositorys auf diesem Rechner (file://-URLs und Pfade) bereitstellen, die unterhalb von DIR liegen; mehrfach angeben oder Ordner durch Kommas trennen. Ohne diese Option wird keines bereitgestellt.</translation>
    </message>
    <message>
        <source>--allow-local-repositories: &apos;%1&apos; is not a folder</source>
        <translation>--allow-local-repositories: &apos;%1&apos; ist kein Ordner</translation>
    </message>
    <message>
        <source>start capstan-server with --allow-local-repositories DIR to serve the repositories below DIR</source>
        <translation>starten Sie capstan-server mit --allow-local-repositories DIR, um die Repositorys unterhalb von DIR bereitzustellen</translation>
    </message>
</context>
</TS>
