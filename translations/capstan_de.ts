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
        <source>This computer</source>
        <translation>Dieser Computer</translation>
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
        <source>&amp;Connection</source>
        <translation>&amp;Verbindung</translation>
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
        <source>The local server did not start: %1</source>
        <translation>Der lokale Server ist nicht gestartet: %1</translation>
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
</context>
</TS>
