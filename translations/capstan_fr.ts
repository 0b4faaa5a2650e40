<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Capstan::ApiClient</name>
    <message>
        <source>%1 does not look like an Argo CD API server: %2</source>
        <translation>%1 ne semble pas être un serveur d’API Argo CD : %2</translation>
    </message>
    <message>
        <source>No server is set.</source>
        <translation>Aucun serveur n’est défini.</translation>
    </message>
    <message numerus="yes">
        <source>no answer within %n second(s)</source>
        <translation>
            <numerusform>aucune réponse en %n seconde</numerusform>
            <numerusform>aucune réponse en %n secondes</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>Impossible de joindre %1 : %2</translation>
    </message>
    <message>
        <source>%1 requires a login (HTTP 401): %2</source>
        <translation>%1 exige une connexion (HTTP 401) : %2</translation>
    </message>
    <message>
        <source>%1 denied access (HTTP 403): %2</source>
        <translation>%1 a refusé l’accès (HTTP 403) : %2</translation>
    </message>
    <message>
        <source>%1 answered with HTTP %2: %3</source>
        <translation>%1 a répondu HTTP %2 : %3</translation>
    </message>
    <message>
        <source>%1 did not answer with JSON: %2</source>
        <translation>%1 n’a pas répondu en JSON : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::ApiError</name>
    <message>
        <source>the server answered with HTTP status %1</source>
        <translation>le serveur a répondu avec le statut HTTP %1</translation>
    </message>
</context>
<context>
    <name>Capstan::ApiServer</name>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>impossible d’écouter sur %1:%2 : %3</translation>
    </message>
</context>
<context>
    <name>Capstan::DataDirectory</name>
    <message>
        <source>no data folder was given</source>
        <translation>aucun dossier de données n’a été indiqué</translation>
    </message>
    <message>
        <source>the data folder &quot;%1&quot; is a file, not a folder</source>
        <translation>le dossier de données « %1 » est un fichier, pas un dossier</translation>
    </message>
    <message>
        <source>cannot create the data folder &quot;%1&quot;</source>
        <translation>impossible de créer le dossier de données « %1 »</translation>
    </message>
    <message>
        <source>the data folder &quot;%1&quot; is not writable</source>
        <translation>le dossier de données « %1 » n’est pas accessible en écriture</translation>
    </message>
    <message>
        <source>the data folder &quot;%1&quot; is in use by %2 (process %3)</source>
        <translation>le dossier de données « %1 » est utilisé par %2 (processus %3)</translation>
    </message>
    <message>
        <source>another program</source>
        <translation>un autre programme</translation>
    </message>
    <message>
        <source>cannot lock the data folder &quot;%1&quot;</source>
        <translation>impossible de verrouiller le dossier de données « %1 »</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::CertificateAuthority</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>échec de %1 : %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>the CA key does not belong to the CA certificate</source>
        <translation>la clé de l’autorité ne correspond pas à son certificat</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::ControlPlaneBinaries</name>
    <message>
        <source>the local control plane&apos;s programs are not installed (%1 missing): run ./setup.sh, or set CAPSTAN_CONTROL_PLANE_DIR to a folder that has them</source>
        <translation>les programmes du plan de contrôle local ne sont pas installés (manquant : %1) : lancez ./setup.sh, ou faites pointer CAPSTAN_CONTROL_PLANE_DIR vers un dossier qui les contient</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::KubeClient</name>
    <message>
        <source>the exec credential plugin &quot;%1&quot; failed (exit code %2)%3</source>
        <translation>le greffon d’identification exec « %1 » a échoué (code de sortie %2)%3</translation>
    </message>
    <message>
        <source>cannot run the exec credential plugin &quot;%1&quot;: %2</source>
        <translation>impossible d’exécuter le greffon d’identification exec « %1 » : %2</translation>
    </message>
    <message>
        <source>the exec credential plugin &quot;%1&quot; printed no ExecCredential</source>
        <translation>le greffon d’identification exec « %1 » n’a produit aucun ExecCredential</translation>
    </message>
    <message>
        <source>the exec credential plugin &quot;%1&quot; gave neither a token nor a certificate</source>
        <translation>le greffon d’identification exec « %1 » n’a fourni ni jeton ni certificat</translation>
    </message>
    <message>
        <source>cannot read the token file &quot;%1&quot;: %2</source>
        <translation>impossible de lire le fichier de jeton « %1 » : %2</translation>
    </message>
    <message>
        <source>the API server&apos;s answer is not a JSON object: %1</source>
        <translation>la réponse du serveur d’API n’est pas un objet JSON : %1</translation>
    </message>
    <message>
        <source>cannot reach %1: %2</source>
        <translation>impossible de joindre %1 : %2</translation>
    </message>
    <message>
        <source>the cluster has no resource of kind %1</source>
        <translation>le cluster n’a aucune ressource du type %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::KubeError</name>
    <message>
        <source>the API server answered with HTTP status %1</source>
        <translation>le serveur d’API a répondu avec le statut HTTP %1</translation>
    </message>
    <message>
        <source>the API server answered with HTTP status %1: %2</source>
        <translation>le serveur d’API a répondu avec le statut HTTP %1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::Kubeconfig</name>
    <message>
        <source>%1: &quot;%2&quot; must be a string</source>
        <translation>%1 : « %2 » doit être une chaîne</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be true or false</source>
        <translation>%1 : « %2 » doit valoir true ou false</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not base64</source>
        <translation>%1 : « %2 » n’est pas du base64</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list</source>
        <translation>« %1 » doit être une liste</translation>
    </message>
    <message>
        <source>each entry of &quot;%1&quot; must be a mapping with a name</source>
        <translation>chaque entrée de « %1 » doit être un dictionnaire avec un nom</translation>
    </message>
    <message>
        <source>an entry of &quot;%1&quot; has no name</source>
        <translation>une entrée de « %1 » n’a pas de nom</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot;: &quot;%3&quot; must be a mapping</source>
        <translation>%1 « %2 » : « %3 » doit être un dictionnaire</translation>
    </message>
    <message>
        <source>%1: &quot;exec&quot; must be a mapping</source>
        <translation>%1 : « exec » doit être un dictionnaire</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s apiVersion &quot;%2&quot; is not client.authentication.k8s.io/v1 or v1beta1</source>
        <translation>%1 : l’apiVersion « %2 » du greffon exec n’est ni client.authentication.k8s.io/v1 ni v1beta1</translation>
    </message>
    <message>
        <source>%1: the exec plugin has no command</source>
        <translation>%1 : le greffon exec n’a pas de commande</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s &quot;args&quot; must be a list</source>
        <translation>%1 : les « args » du greffon exec doivent être une liste</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s arguments must be strings</source>
        <translation>%1 : les arguments du greffon exec doivent être des chaînes</translation>
    </message>
    <message>
        <source>%1: the exec plugin&apos;s &quot;env&quot; must be a list</source>
        <translation>%1 : l’« env » du greffon exec doit être une liste</translation>
    </message>
    <message>
        <source>%1: each exec plugin variable needs a name and a value</source>
        <translation>%1 : chaque variable du greffon exec demande un nom et une valeur</translation>
    </message>
    <message>
        <source>cannot read %1 &quot;%2&quot;: %3</source>
        <translation>impossible de lire %1 « %2 » : %3</translation>
    </message>
    <message>
        <source>a kubeconfig is a mapping with clusters, users and contexts</source>
        <translation>un kubeconfig est un dictionnaire avec clusters, users et contexts</translation>
    </message>
    <message>
        <source>the kind is &quot;%1&quot;, not &quot;Config&quot;</source>
        <translation>le kind est « %1 », pas « Config »</translation>
    </message>
    <message>
        <source>cluster &quot;%1&quot;</source>
        <translation>cluster « %1 »</translation>
    </message>
    <message>
        <source>user &quot;%1&quot;</source>
        <translation>utilisateur « %1 »</translation>
    </message>
    <message>
        <source>context &quot;%1&quot;</source>
        <translation>contexte « %1 »</translation>
    </message>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2 : %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>%1:%2: not valid YAML: %3</source>
        <translation>%1:%2 : YAML non valide : %3</translation>
    </message>
    <message>
        <source>cannot read the kubeconfig &quot;%1&quot;: %2</source>
        <translation>impossible de lire le kubeconfig « %1 » : %2</translation>
    </message>
    <message>
        <source>no kubeconfig found (looked for %1)</source>
        <translation>aucun kubeconfig trouvé (cherché : %1)</translation>
    </message>
    <message>
        <source>the kubeconfig sets no current context; name one of: %1</source>
        <translation>le kubeconfig ne définit aucun contexte courant ; nommez-en un parmi : %1</translation>
    </message>
    <message>
        <source>the kubeconfig has no context &quot;%1&quot;</source>
        <translation>le kubeconfig n’a pas de contexte « %1 »</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names the cluster &quot;%3&quot;, which is not defined</source>
        <translation>%1 : le contexte « %2 » nomme le cluster « %3 », qui n’est pas défini</translation>
    </message>
    <message>
        <source>%1: cluster &quot;%2&quot; has no valid server URL (&quot;%3&quot;)</source>
        <translation>%1 : le cluster « %2 » n’a pas d’URL de serveur valide (« %3 »)</translation>
    </message>
    <message>
        <source>the certificate-authority of cluster &quot;%1&quot;</source>
        <translation>le certificate-authority du cluster « %1 »</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names the user &quot;%3&quot;, which is not defined</source>
        <translation>%1 : le contexte « %2 » nomme l’utilisateur « %3 », qui n’est pas défini</translation>
    </message>
    <message>
        <source>user &quot;%1&quot; signs in with the auth-provider &quot;%2&quot;, which Capstan does not support; use an exec credential plugin instead</source>
        <translation>l’utilisateur « %1 » se connecte avec l’auth-provider « %2 », que Capstan ne prend pas en charge ; utilisez plutôt un greffon d’identification exec</translation>
    </message>
    <message>
        <source>the client-certificate of user &quot;%1&quot;</source>
        <translation>le client-certificate de l’utilisateur « %1 »</translation>
    </message>
    <message>
        <source>the client-key of user &quot;%1&quot;</source>
        <translation>la client-key de l’utilisateur « %1 »</translation>
    </message>
    <message>
        <source>user &quot;%1&quot; has a client certificate without its key, or a key without its certificate</source>
        <translation>l’utilisateur « %1 » a un certificat client sans sa clé, ou une clé sans son certificat</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::LocalCluster</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d’écrire %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>the local cluster was not ready within %n second(s)</source>
        <translation>
            <numerusform>le cluster local n’était pas prêt en %n seconde</numerusform>
            <numerusform>le cluster local n’était pas prêt en %n secondes</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot create a temporary folder in %1</source>
        <translation>impossible de créer un dossier temporaire dans %1</translation>
    </message>
    <message>
        <source>a persistent local cluster needs a data folder</source>
        <translation>un cluster local persistant a besoin d’un dossier de données</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>impossible de créer %1</translation>
    </message>
    <message>
        <source>cannot start %1 (%2): %3</source>
        <translation>impossible de démarrer %1 (%2) : %3</translation>
    </message>
    <message>
        <source>%1 exited with code %2; the end of %3:
%4</source>
        <translation>%1 s’est terminé avec le code %2 ; la fin de %3 :
%4</translation>
    </message>
    <message>
        <source>the node simulator did not start: %1</source>
        <translation>le simulateur de nœud n’a pas démarré : %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::NodeSimulator</name>
    <message>
        <source>cannot register the node: %1</source>
        <translation>impossible d’enregistrer le nœud : %1</translation>
    </message>
    <message>
        <source>cannot report the node Ready: %1</source>
        <translation>impossible de signaler le nœud comme Ready : %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::Watch</name>
    <message>
        <source>the watch of %1 broke off: %2</source>
        <translation>la surveillance de %1 s’est interrompue : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::LaunchOptions</name>
    <message>
        <source>Connect to the Argo CD or capstan-server at URL instead of starting a local server.</source>
        <translation>Se connecter à l’Argo CD ou au capstan-server à l’URL au lieu de démarrer un serveur local.</translation>
    </message>
    <message>
        <source>Keep the local server&apos;s state in DIR (default: %1).</source>
        <translation>Conserver l’état du serveur local dans DIR (par défaut : %1).</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (see --help)</source>
        <translation>argument inattendu « %1 » (voir --help)</translation>
    </message>
    <message>
        <source>--server: %1</source>
        <translation>--server : %1</translation>
    </message>
    <message>
        <source>no server URL was given</source>
        <translation>aucune URL de serveur n’a été indiquée</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid URL: %2</source>
        <translation>« %1 » n’est pas une URL valide : %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// URL</source>
        <translation>« %1 » n’est pas une URL http:// ou https://</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host</source>
        <translation>« %1 » ne nomme aucun hôte</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: a server URL has no query or fragment</source>
        <translation>« %1 » : une URL de serveur n’a ni requête ni fragment</translation>
    </message>
    <message>
        <source>Do not start the local control plane with the local server.</source>
        <translation>Ne pas démarrer le plan de contrôle local avec le serveur local.</translation>
    </message>
</context>
<context>
    <name>Capstan::ListenAddress</name>
    <message>
        <source>&quot;%1&quot; has no port: expected ADDR:PORT, as 127.0.0.1:8080</source>
        <translation>« %1 » n’a pas de port : ADRESSE:PORT attendu, par exemple 127.0.0.1:8080</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: write an IPv6 address in brackets, as [::1]:8080</source>
        <translation>« %1 » : une adresse IPv6 s’écrit entre crochets, par exemple [::1]:8080</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no address: expected ADDR:PORT, as 127.0.0.1:8080</source>
        <translation>« %1 » n’a pas d’adresse : ADRESSE:PORT attendu, par exemple 127.0.0.1:8080</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address</source>
        <translation>« %1 » n’est pas une adresse IP</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port number from 0 to 65535</source>
        <translation>« %1 » n’est pas un numéro de port de 0 à 65535</translation>
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
        <translation>Cet ordinateur</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Connexion</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Reconnecter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Capstan</source>
        <translation>À &amp;propos de Capstan</translation>
    </message>
    <message>
        <source>The local server did not start: %1</source>
        <translation>Le serveur local n’a pas démarré : %1</translation>
    </message>
    <message>
        <source>About Capstan</source>
        <translation>À propos de Capstan</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Capstan %1&lt;/h3&gt;&lt;p&gt;A desktop GitOps console for Kubernetes.&lt;/p&gt;&lt;p&gt;Built %2 with %3 and Qt %4.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Capstan %1&lt;/h3&gt;&lt;p&gt;Une console GitOps de bureau pour Kubernetes.&lt;/p&gt;&lt;p&gt;Compilé le %2 avec %3 et Qt %4.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — connected, server version %2</source>
        <translation>%1 — connecté, version du serveur %2</translation>
    </message>
    <message>
        <source>%1 — not connected</source>
        <translation>%1 — non connecté</translation>
    </message>
</context>
<context>
    <name>Capstan::ServerStatus</name>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Starting the local server…</source>
        <translation>Démarrage du serveur local…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Cannot connect</source>
        <translation>Connexion impossible</translation>
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
        <translation>Date de compilation</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Étiquette</translation>
    </message>
    <message>
        <source>Tree state</source>
        <translation>État de l’arbre</translation>
    </message>
    <message>
        <source>Go version</source>
        <translation>Version de Go</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Compilateur</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plateforme</translation>
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
        <translation>Informations de compilation</translation>
    </message>
</context>
<context>
    <name>Capstan::VersionMessage</name>
    <message>
        <source>the field &quot;%1&quot; of the version is not a string</source>
        <translation>le champ « %1 » de la version n’est pas une chaîne</translation>
    </message>
    <message>
        <source>the answer has no &quot;Version&quot; field</source>
        <translation>la réponse n’a pas de champ « Version »</translation>
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
        <translation>Réessayer</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A desktop GitOps console for Kubernetes.</source>
        <translation>Une console GitOps de bureau pour Kubernetes.</translation>
    </message>
    <message>
        <source>Serves Capstan over Argo CD&apos;s REST API (/api/v1).</source>
        <translation>Sert Capstan via l’API REST d’Argo CD (/api/v1).</translation>
    </message>
    <message>
        <source>Listen on ADDR:PORT; port 0 picks a free port (default: %1).</source>
        <translation>Écouter sur ADDR:PORT ; le port 0 choisit un port libre (par défaut : %1).</translation>
    </message>
    <message>
        <source>Keep the server&apos;s state in DIR (default: %1).</source>
        <translation>Conserver l’état du serveur dans DIR (par défaut : %1).</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (see --help)</source>
        <translation>argument inattendu « %1 » (voir --help)</translation>
    </message>
    <message>
        <source>--listen: %1</source>
        <translation>--listen : %1</translation>
    </message>
    <message>
        <source>--data-dir: %1</source>
        <translation>--data-dir : %1</translation>
    </message>
    <message>
        <source>Start the local control plane (etcd, kube-apiserver, kube-controller-manager) on loopback, with its state in the data folder.</source>
        <translation>Démarrer le plan de contrôle local (etcd, kube-apiserver, kube-controller-manager) sur la boucle locale, avec son état dans le dossier de données.</translation>
    </message>
    <message>
        <source>--local-cluster: %1</source>
        <translation>--local-cluster : %1</translation>
    </message>
</context>
</TS>
