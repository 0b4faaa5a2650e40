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
    <message>
        <source>%1 signed in without giving a session token</source>
        <translation>%1 a accepté la connexion sans donner de jeton de session</translation>
    </message>
    <message>
        <source>The certificate of %1 has changed. It was %2 and is now %3. Capstan refuses to connect: someone may be intercepting the connection. Trust the new certificate only if you know why it changed.</source>
        <translation>Le certificat de %1 a changé. C’était %2, c’est maintenant %3. Capstan refuse de se connecter : quelqu’un intercepte peut-être la connexion. Ne faites confiance au nouveau certificat que si vous savez pourquoi il a changé.</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted (SHA-256 %2).</source>
        <translation>Le certificat de %1 n’est pas approuvé (SHA-256 %2).</translation>
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
    <message>
        <source>the request body is %1 bytes, more than the limit of %2 bytes</source>
        <translation>le corps de la requête fait %1 octets, plus que la limite de %2 octets</translation>
    </message>
    <message>
        <source>Invalid content type: send the body as application/json</source>
        <translation>Type de contenu invalide : envoyer le corps en application/json</translation>
    </message>
</context>
<context>
    <name>Capstan::ApiStream</name>
    <message>
        <source>the stream ended without an answer</source>
        <translation>le flux s’est terminé sans réponse</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationDetails</name>
    <message>
        <source>← Applications</source>
        <translation>← Applications</translation>
    </message>
    <message>
        <source>Back to the applications (Esc)</source>
        <translation>Retour aux applications (Échap)</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>&amp;Résumé</translation>
    </message>
    <message>
        <source>Select a resource in the graph to see its live manifest.</source>
        <translation>Sélectionnez une ressource dans le graphe pour voir son manifeste en direct.</translation>
    </message>
    <message>
        <source>&amp;Manifest</source>
        <translation>&amp;Manifeste</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Événements</translation>
    </message>
    <message>
        <source>Resource &amp;graph</source>
        <translation>&amp;Graphe des ressources</translation>
    </message>
    <message>
        <source>Filter resources by kind, name, namespace, status or health</source>
        <translation>Filtrer les ressources par type, nom, namespace, statut ou santé</translation>
    </message>
    <message>
        <source>&amp;Resources</source>
        <translation>Ressou&amp;rces</translation>
    </message>
    <message>
        <source>E&amp;vents</source>
        <translation>Év&amp;énements</translation>
    </message>
    <message>
        <source>&lt;p&gt;Loading %1…&lt;/p&gt;</source>
        <translation>&lt;p&gt;Chargement de %1…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1 was deleted.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1 a été supprimée.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The live view of %1 was interrupted; reconnecting.</source>
        <translation>La vue en direct de %1 a été interrompue ; reconnexion.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Révision</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
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
        <translation>Projet</translation>
    </message>
    <message>
        <source>Sync policy</source>
        <translation>Politique de synchronisation</translation>
    </message>
    <message>
        <source>Automated</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>yes (prune: %1, self-heal: %2)</source>
        <translation>oui (nettoyage : %1, auto-réparation : %2)</translation>
    </message>
    <message>
        <source>on</source>
        <translation>activé</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>no, manual syncs only</source>
        <translation>non, synchronisations manuelles seulement</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchro</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>vers %1</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>Comparé</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Operation in progress</source>
        <translation>Opération en cours</translation>
    </message>
    <message>
        <source>Last operation</source>
        <translation>Dernière opération</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Commencée</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>Déployée</translation>
    </message>
    <message>
        <source>Images and URLs</source>
        <translation>Images et URL</translation>
    </message>
    <message>
        <source># %1 %2 is not in the cluster: the next sync creates it.</source>
        <translation># %1 %2 n’est pas dans le cluster : la prochaine synchronisation le crée.</translation>
    </message>
    <message>
        <source># Loading…</source>
        <translation># Chargement…</translation>
    </message>
    <message>
        <source>The events of %1 could not be read.</source>
        <translation>Les événements de %1 n’ont pas pu être lus.</translation>
    </message>
    <message>
        <source>Select a resource in the graph to see its diff.</source>
        <translation>Sélectionnez une ressource dans le graphe pour voir son diff.</translation>
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
        <translation>Comparaison de %1…</translation>
    </message>
    <message>
        <source>%1 %2 is not managed by %3: it has no desired state to compare with.</source>
        <translation>%1 %2 n’est pas géré par %3 : il n’a pas d’état souhaité à comparer.</translation>
    </message>
    <message>
        <source>%1 %2 is live as desired.</source>
        <translation>%1 %2 est en direct tel que souhaité.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Souhaité</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationDiff</name>
    <message>
        <source>&amp;Out-of-sync only</source>
        <translation>&amp;Désynchronisées seulement</translation>
    </message>
    <message>
        <source>&amp;Hide managedFields and status</source>
        <translation>&amp;Masquer managedFields et status</translation>
    </message>
    <message>
        <source>Honour &amp;ignoreDifferences</source>
        <translation>Respecter &amp;ignoreDifferences</translation>
    </message>
    <message>
        <source>managedFields is the API server&apos;s bookkeeping; status is never desired</source>
        <translation>managedFields est la comptabilité du serveur d’API ; status n’est jamais souhaité</translation>
    </message>
    <message>
        <source>Leave out the fields the application&apos;s ignoreDifferences names, as the comparison does; without it they are shown</source>
        <translation>Omettre les champs que nomme ignoreDifferences de l’application, comme le fait la comparaison ; sinon ils sont affichés</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Re&amp;charger</translation>
    </message>
    <message>
        <source>Compare the application again</source>
        <translation>Comparer de nouveau l’application</translation>
    </message>
    <message>
        <source>&amp;Save as Patch…</source>
        <translation>&amp;Enregistrer comme patch…</translation>
    </message>
    <message>
        <source>Save the changes of every resource as one unified patch (live → desired)</source>
        <translation>Enregistrer les modifications de toutes les ressources en un seul patch unifié (en direct → souhaité)</translation>
    </message>
    <message>
        <source>Comparing %1…</source>
        <translation>Comparaison de %1…</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Comparaison…</translation>
    </message>
    <message>
        <source>%1 could not be compared.</source>
        <translation>%1 n’a pas pu être comparé.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n resource(s) out of sync</source>
        <translation>
            <numerusform>%1 ressource sur %n désynchronisée</numerusform>
            <numerusform>%1 ressources sur %n désynchronisées</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is in sync: live is as desired.</source>
        <translation>%1 est synchronisé : l’état en direct est celui souhaité.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Souhaité</translation>
    </message>
    <message>
        <source>Live: not in the cluster (the next sync creates it)</source>
        <translation>En direct : absente du cluster (la prochaine synchronisation la crée)</translation>
    </message>
    <message>
        <source>Desired: not in Git any more (pruning deletes it)</source>
        <translation>Souhaité : plus dans Git (l’élagage la supprime)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Left out by ignoreDifferences:</source>
        <translation>Omis par ignoreDifferences :</translation>
    </message>
    <message>
        <source>Shown although ignoreDifferences leaves them out:</source>
        <translation>Affichés bien qu’ignoreDifferences les omette :</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 n’a pas pu être écrit : %2</translation>
    </message>
    <message>
        <source>Save as Patch</source>
        <translation>Enregistrer comme patch</translation>
    </message>
    <message>
        <source>Patches (*.patch *.diff);;All files (*)</source>
        <translation>Patchs (*.patch *.diff);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>The patch of %1 was not saved.</source>
        <translation>Le patch de %1 n’a pas été enregistré.</translation>
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
        <translation>%1 (%2 sur %3)</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationForm</name>
    <message>
        <source>Edit %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <source>New Application</source>
        <translation>Nouvelle application</translation>
    </message>
    <message>
        <source>&amp;Form</source>
        <translation>&amp;Formulaire</translation>
    </message>
    <message>
        <source>&amp;YAML</source>
        <translation>&amp;YAML</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>lower-case letters, digits and &apos;-&apos;</source>
        <translation>minuscules, chiffres et « - »</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projet :</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>This application has several sources: edit them in the YAML tab.</source>
        <translation>Cette application a plusieurs sources : modifiez-les dans l’onglet YAML.</translation>
    </message>
    <message>
        <source>&amp;Repository:</source>
        <translation>&amp;Dépôt :</translation>
    </message>
    <message>
        <source>Re&amp;vision:</source>
        <translation>Ré&amp;vision :</translation>
    </message>
    <message>
        <source>P&amp;ath:</source>
        <translation>C&amp;hemin :</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Répertoire</translation>
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
        <translation>&amp;Type :</translation>
    </message>
    <message>
        <source>Include su&amp;bfolders</source>
        <translation>Inclure les sous-&amp;dossiers</translation>
    </message>
    <message>
        <source>Include:</source>
        <translation>Inclure :</translation>
    </message>
    <message>
        <source>a glob, such as *.yaml or {a.yaml,b.json}</source>
        <translation>un motif, comme *.yaml ou {a.yaml,b.json}</translation>
    </message>
    <message>
        <source>Exclude:</source>
        <translation>Exclure :</translation>
    </message>
    <message>
        <source>Jsonnet variables:</source>
        <translation>Variables Jsonnet :</translation>
    </message>
    <message>
        <source>name=value, one per line (top-level arguments)</source>
        <translation>nom=valeur, une par ligne (arguments de premier niveau)</translation>
    </message>
    <message>
        <source>Name prefix:</source>
        <translation>Préfixe de nom :</translation>
    </message>
    <message>
        <source>Name suffix:</source>
        <translation>Suffixe de nom :</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Images :</translation>
    </message>
    <message>
        <source>one per line: nginx=nginx:1.27 or nginx:1.27</source>
        <translation>une par ligne : nginx=nginx:1.27 ou nginx:1.27</translation>
    </message>
    <message>
        <source>Release name:</source>
        <translation>Nom de la release :</translation>
    </message>
    <message>
        <source>Value files:</source>
        <translation>Fichiers de valeurs :</translation>
    </message>
    <message>
        <source>one per line, relative to the chart: values-production.yaml</source>
        <translation>un par ligne, relatif au chart : values-production.yaml</translation>
    </message>
    <message>
        <source>Values:</source>
        <translation>Valeurs :</translation>
    </message>
    <message>
        <source>YAML, over the chart&apos;s values</source>
        <translation>YAML, par-dessus les valeurs du chart</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Paramètres :</translation>
    </message>
    <message>
        <source>name=value, one per line: image.tag=1.27</source>
        <translation>nom=valeur, un par ligne : image.tag=1.27</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>C&amp;luster:</source>
        <translation>C&amp;luster :</translation>
    </message>
    <message>
        <source>Na&amp;mespace:</source>
        <translation>Na&amp;mespace :</translation>
    </message>
    <message>
        <source>Sync Policy</source>
        <translation>Politique de synchronisation</translation>
    </message>
    <message>
        <source>&amp;Automated: sync when Git changes</source>
        <translation>&amp;Automatique : synchroniser quand Git change</translation>
    </message>
    <message>
        <source>P&amp;rune resources no longer in Git</source>
        <translation>É&amp;laguer les ressources qui ne sont plus dans Git</translation>
    </message>
    <message>
        <source>&amp;Self-heal: undo changes made in the cluster</source>
        <translation>&amp;Auto-réparation : annuler les modifications faites dans le cluster</translation>
    </message>
    <message>
        <source>Create namespace</source>
        <translation>Créer le namespace</translation>
    </message>
    <message>
        <source>Apply out-of-sync only</source>
        <translation>N’appliquer que les désynchronisées</translation>
    </message>
    <message>
        <source>Server-side apply</source>
        <translation>Application côté serveur</translation>
    </message>
    <message>
        <source>Prune last</source>
        <translation>Élaguer en dernier</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Remplacer</translation>
    </message>
    <message>
        <source>Sync options:</source>
        <translation>Options de synchronisation :</translation>
    </message>
    <message>
        <source>Re&amp;try when a sync fails</source>
        <translation>Ré&amp;essayer quand une synchronisation échoue</translation>
    </message>
    <message>
        <source>This is not an Application: the YAML must be one object of kind Application.</source>
        <translation>Ce n’est pas une Application : le YAML doit être un objet de type Application.</translation>
    </message>
    <message>
        <source>An application needs a name.</source>
        <translation>Une application a besoin d’un nom.</translation>
    </message>
    <message>
        <source>Use lower-case letters, digits, &apos;-&apos; and &apos;.&apos;, starting and ending with a letter or digit.</source>
        <translation>Utilisez des minuscules, des chiffres, « - » et « . », en commençant et finissant par une lettre ou un chiffre.</translation>
    </message>
    <message>
        <source>Choose a project (&quot;default&quot; if there is no other).</source>
        <translation>Choisissez un projet (« default » s’il n’y en a pas d’autre).</translation>
    </message>
    <message>
        <source>Choose a repository or enter its URL.</source>
        <translation>Choisissez un dépôt ou saisissez son URL.</translation>
    </message>
    <message>
        <source>Enter the folder of the manifests (&quot;.&quot; for the top).</source>
        <translation>Saisissez le dossier des manifestes (« . » pour la racine).</translation>
    </message>
    <message>
        <source>Choose the cluster to deploy to.</source>
        <translation>Choisissez le cluster de déploiement.</translation>
    </message>
    <message>
        <source>A namespace is lower-case letters, digits and &apos;-&apos;, at most 63.</source>
        <translation>Un namespace se compose de minuscules, de chiffres et de « - », 63 au plus.</translation>
    </message>
    <message>
        <source>Line %1 is not name=value.</source>
        <translation>La ligne %1 n’est pas nom=valeur.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not registered: the server checks it when the application is saved.</source>
        <translation>Non enregistré : le serveur le vérifie à l’enregistrement de l’application.</translation>
    </message>
    <message>
        <source>✔ Connected</source>
        <translation>✔ Connecté</translation>
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
        <translation>Synchronisé</translation>
    </message>
    <message>
        <source>OutOfSync</source>
        <translation>Désynchronisé</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
</context>
<context>
    <name>Capstan::ApplicationsModel</name>
    <message>
        <source>Syncing</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisé</translation>
    </message>
    <message>
        <source>OutOfSync</source>
        <translation>Désynchronisé</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Sain</translation>
    </message>
    <message>
        <source>Progressing</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Dégradé</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspendu</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Manquant</translation>
    </message>
    <message>
        <source>%1 (target %2)</source>
        <translation>%1 (cible %2)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchro</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Révision</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Dernière synchro</translation>
    </message>
    <message>
        <source>Repository / path</source>
        <translation>Dépôt / chemin</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
</context>
<context>
    <name>Capstan::Auth</name>
    <message>
        <source>admin.enabled: &quot;%1&quot; is not a boolean</source>
        <translation>admin.enabled : « %1 » n’est pas un booléen</translation>
    </message>
    <message>
        <source>%1: not supported account capability &apos;%2&apos;</source>
        <translation>%1 : capacité de compte non prise en charge « %2 »</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a boolean</source>
        <translation>%1 : « %2 » n’est pas un booléen</translation>
    </message>
    <message>
        <source>unexpected key %1 in the accounts&apos; configuration</source>
        <translation>clé inattendue %1 dans la configuration des comptes</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid account name</source>
        <translation>« %1 » n’est pas un nom de compte valide</translation>
    </message>
</context>
<context>
    <name>Capstan::Auth::Rbac</name>
    <message>
        <source>extraneous or missing &quot; in quoted-field</source>
        <translation>&quot; en trop ou manquant dans un champ entre guillemets</translation>
    </message>
    <message>
        <source>%1, line %2: invalid RBAC policy: %3 (%4)</source>
        <translation>%1, ligne %2 : politique RBAC invalide : %3 (%4)</translation>
    </message>
    <message>
        <source>a p line has 6 fields: p, subject, resource, action, object, effect</source>
        <translation>une ligne p a 6 champs : p, sujet, ressource, action, objet, effet</translation>
    </message>
    <message>
        <source>the effect must be allow or deny</source>
        <translation>l’effet doit être allow ou deny</translation>
    </message>
    <message>
        <source>a g line has 3 fields: g, member, role</source>
        <translation>une ligne g a 3 champs : g, membre, rôle</translation>
    </message>
    <message>
        <source>a line starts with p or g</source>
        <translation>une ligne commence par p ou g</translation>
    </message>
    <message>
        <source>policy.matchMode: &quot;%1&quot; is neither glob nor regex</source>
        <translation>policy.matchMode : « %1 » n’est ni glob ni regex</translation>
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
        <translation>Ajouter un cluster</translation>
    </message>
    <message>
        <source>all namespaces; or a comma-separated list</source>
        <translation>tous les namespaces ; ou une liste séparée par des virgules</translation>
    </message>
    <message>
        <source>Other &amp;File…</source>
        <translation>Autre &amp;fichier…</translation>
    </message>
    <message>
        <source>Kubeconfig</source>
        <translation>Kubeconfig</translation>
    </message>
    <message>
        <source>Kubeconfig &amp;context:</source>
        <translation>&amp;Contexte kubeconfig :</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Serveur :</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>Na&amp;mespaces:</source>
        <translation>Na&amp;mespaces :</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>The kubeconfig cannot be read: %1</source>
        <translation>Le kubeconfig ne peut pas être lu : %1</translation>
    </message>
    <message>
        <source>The kubeconfig has no contexts.</source>
        <translation>Le kubeconfig n’a aucun contexte.</translation>
    </message>
    <message>
        <source>Choose a context.</source>
        <translation>Choisissez un contexte.</translation>
    </message>
</context>
<context>
    <name>Capstan::ClustersDialog</name>
    <message>
        <source>Clusters of %1</source>
        <translation>Clusters de %1</translation>
    </message>
    <message>
        <source>Remove %1 (%2) from the server? Its applications cannot be synced any more; nothing in the cluster is deleted.</source>
        <translation>Retirer %1 (%2) du serveur ? Ses applications ne pourront plus être synchronisées ; rien n’est supprimé dans le cluster.</translation>
    </message>
</context>
<context>
    <name>Capstan::ClustersModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
</context>
<context>
    <name>Capstan::Connection</name>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>No server address is set.</source>
        <translation>Aucune adresse de serveur n’est définie.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>%1 does not accept the saved sign-in any more: sign in again.</source>
        <translation>%1 n’accepte plus la connexion enregistrée : reconnectez-vous.</translation>
    </message>
    <message>
        <source>%1 answered the application list with invalid JSON: %2</source>
        <translation>%1 a répondu à la liste des applications avec du JSON invalide : %2</translation>
    </message>
    <message>
        <source>The session on %1 ended: sign in again.</source>
        <translation>La session sur %1 est terminée : reconnectez-vous.</translation>
    </message>
    <message>
        <source>%1 closed the watch.</source>
        <translation>%1 a fermé la surveillance.</translation>
    </message>
    <message>
        <source>%1: access denied</source>
        <translation>%1 : accès refusé</translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionDialog</name>
    <message>
        <source>&amp;User name and password</source>
        <translation>&amp;Nom d’utilisateur et mot de passe</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Jeton</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Sign In to %1</source>
        <translation>Se connecter à %1</translation>
    </message>
    <message>
        <source>Add Server</source>
        <translation>Ajouter un serveur</translation>
    </message>
    <message>
        <source>Defaults to the host name</source>
        <translation>Par défaut, le nom d’hôte</translation>
    </message>
    <message>
        <source>An Argo CD session or API token</source>
        <translation>Un jeton de session ou d’API Argo CD</translation>
    </message>
    <message>
        <source>User &amp;name:</source>
        <translation>&amp;Nom d’utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation>J&amp;eton :</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Adresse du serveur :</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>Nom &amp;affiché :</translation>
    </message>
    <message>
        <source>Sign in with:</source>
        <translation>Se connecter avec :</translation>
    </message>
    <message>
        <source>&amp;Sign In</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Connecter</translation>
    </message>
    <message>
        <source>&lt;b&gt;The certificate of this server has changed.&lt;/b&gt; Trust the new one only if you know why it changed.</source>
        <translation>&lt;b&gt;Le certificat de ce serveur a changé.&lt;/b&gt; Ne faites confiance au nouveau que si vous savez pourquoi il a changé.</translation>
    </message>
    <message>
        <source>&lt;b&gt;This server&apos;s certificate is not signed by an authority this computer trusts.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Le certificat de ce serveur n’est pas signé par une autorité approuvée par cet ordinateur.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Issued to: %1&lt;br&gt;Issued by: %2&lt;br&gt;Valid until: %3&lt;br&gt;SHA-256: &lt;tt&gt;%4&lt;/tt&gt;</source>
        <translation>&lt;br&gt;Délivré à : %1&lt;br&gt;Délivré par : %2&lt;br&gt;Valide jusqu’au : %3&lt;br&gt;SHA-256 : &lt;tt&gt;%4&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for this server</source>
        <translation>&amp;Faire confiance à ce certificat pour ce serveur</translation>
    </message>
    <message>
        <source>“%1” is not a server address: write it as https://host[:port].</source>
        <translation>« %1 » n’est pas une adresse de serveur : écrivez-la sous la forme https://hôte[:port].</translation>
    </message>
    <message>
        <source>Enter the user name.</source>
        <translation>Saisissez le nom d’utilisateur.</translation>
    </message>
    <message>
        <source>Paste a token.</source>
        <translation>Collez un jeton.</translation>
    </message>
    <message>
        <source>The user name or password is not right.</source>
        <translation>Le nom d’utilisateur ou le mot de passe est incorrect.</translation>
    </message>
    <message>
        <source>The server does not accept this token.</source>
        <translation>Le serveur n’accepte pas ce jeton.</translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionListModel</name>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connexion</translation>
    </message>
    <message numerus="yes">
        <source>Connected, %n application(s)</source>
        <translation>
            <numerusform>Connecté, %n application</numerusform>
            <numerusform>Connecté, %n applications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Error, retrying in %n s</source>
        <translation>
            <numerusform>Erreur, nouvel essai dans %n s</numerusform>
            <numerusform>Erreur, nouvel essai dans %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Sign-in needed</source>
        <translation>Connexion requise</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>Certificat non approuvé</translation>
    </message>
</context>
<context>
    <name>Capstan::ConnectionManager</name>
    <message>
        <source>This computer</source>
        <translation>Cet ordinateur</translation>
    </message>
    <message>
        <source>Starting the local server and control plane…</source>
        <translation>Démarrage du serveur local et du plan de contrôle…</translation>
    </message>
    <message>
        <source>Starting the local server…</source>
        <translation>Démarrage du serveur local…</translation>
    </message>
    <message>
        <source>The local server did not start: %1</source>
        <translation>Le serveur local n’a pas démarré : %1</translation>
    </message>
    <message>
        <source>The local control plane did not start; applications cannot be deployed on this computer.</source>
        <translation>Le plan de contrôle local n’a pas démarré ; les applications ne peuvent pas être déployées sur cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>Capstan::CredentialStore</name>
    <message>
        <source>The system keychain cannot be read: %1</source>
        <translation>Le trousseau du système ne peut pas être lu : %1</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1): the token is kept until Capstan quits, and you will sign in again next time.</source>
        <translation>Le trousseau du système n’est pas disponible (%1) : le jeton est gardé jusqu’à la fermeture de Capstan, et vous vous reconnecterez la prochaine fois.</translation>
    </message>
    <message>
        <source>The token could not be removed from the system keychain: %1</source>
        <translation>Le jeton n’a pas pu être retiré du trousseau du système : %1</translation>
    </message>
</context>
<context>
    <name>Capstan::CronSchedule</name>
    <message>
        <source>the %1 field &apos;%2&apos; is not valid: %3</source>
        <translation>le champ %1 « %2 » n’est pas valide : %3</translation>
    </message>
    <message>
        <source>the step must be a positive number</source>
        <translation>le pas doit être un nombre positif</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a range</source>
        <translation>« %1 » n’est pas un intervalle</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>« %1 » n’est pas un nombre</translation>
    </message>
    <message>
        <source>values run from %1 to %2</source>
        <translation>les valeurs vont de %1 à %2</translation>
    </message>
    <message>
        <source>the range %1 runs backwards</source>
        <translation>l’intervalle %1 est à l’envers</translation>
    </message>
    <message>
        <source>the schedule &apos;%1&apos; needs five fields (minute, hour, day of month, month, day of week); it has %2</source>
        <translation>la planification « %1 » doit avoir cinq champs (minute, heure, jour du mois, mois, jour de la semaine) ; elle en a %2</translation>
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
    <name>Capstan::DeleteDialog</name>
    <message>
        <source>Delete %1</source>
        <translation>Supprimer %1</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Applications</source>
        <translation>
            <numerusform>Supprimer %n application</numerusform>
            <numerusform>Supprimer %n applications</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the application &lt;b&gt;%1&lt;/b&gt;?</source>
        <translation>Supprimer l’application &lt;b&gt;%1&lt;/b&gt; ?</translation>
    </message>
    <message>
        <source>Delete these applications?&lt;br&gt;%1</source>
        <translation>Supprimer ces applications ?&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&amp;Foreground</source>
        <translation>&amp;Premier plan</translation>
    </message>
    <message>
        <source>Delete the resources first; the application goes once they are gone.</source>
        <translation>Supprimer d’abord les ressources ; l’application disparaît une fois qu’elles ont disparu.</translation>
    </message>
    <message>
        <source>&amp;Background</source>
        <translation>&amp;Arrière-plan</translation>
    </message>
    <message>
        <source>Delete the application now; Kubernetes deletes the resources afterwards.</source>
        <translation>Supprimer l’application maintenant ; Kubernetes supprime les ressources ensuite.</translation>
    </message>
    <message>
        <source>&amp;Non-cascading</source>
        <translation>&amp;Sans cascade</translation>
    </message>
    <message>
        <source>Delete only the application; its resources stay in the cluster, no longer managed.</source>
        <translation>Supprimer seulement l’application ; ses ressources restent dans le cluster, sans être gérées.</translation>
    </message>
    <message>
        <source>Type the application&apos;s name to confirm:</source>
        <translation>Saisissez le nom de l’application pour confirmer :</translation>
    </message>
    <message>
        <source>Type the number of applications to confirm:</source>
        <translation>Saisissez le nombre d’applications pour confirmer :</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
</context>
<context>
    <name>Capstan::Diff::FieldPath</name>
    <message>
        <source>JSON pointer &quot;%1&quot; must start with &apos;/&apos;</source>
        <translation>le pointeur JSON &quot;%1&quot; doit commencer par &apos;/&apos;</translation>
    </message>
    <message>
        <source>&apos;(&apos; after select</source>
        <translation>&apos;(&apos; après select</translation>
    </message>
    <message>
        <source>&apos;)&apos;</source>
        <translation>&apos;)&apos;</translation>
    </message>
    <message>
        <source>&apos;|&apos; or the end</source>
        <translation>&apos;|&apos; ou la fin</translation>
    </message>
    <message>
        <source>jq path &quot;%1&quot;: expected %2 at position %3</source>
        <translation>chemin jq &quot;%1&quot; : %2 attendu à la position %3</translation>
    </message>
    <message>
        <source>a path starting with &apos;.&apos;</source>
        <translation>un chemin commençant par &apos;.&apos;</translation>
    </message>
    <message>
        <source>a closing &apos;&quot;&apos;</source>
        <translation>un &apos;&quot;&apos; fermant</translation>
    </message>
    <message>
        <source>a field name</source>
        <translation>un nom de champ</translation>
    </message>
    <message>
        <source>a quoted key and &apos;]&apos;</source>
        <translation>une clé entre guillemets et &apos;]&apos;</translation>
    </message>
    <message>
        <source>an index and &apos;]&apos;</source>
        <translation>un indice et &apos;]&apos;</translation>
    </message>
    <message>
        <source>a string, number, true, false or null</source>
        <translation>une chaîne, un nombre, true, false ou null</translation>
    </message>
    <message>
        <source>jq path &quot;%1&quot; is empty</source>
        <translation>le chemin jq &quot;%1&quot; est vide</translation>
    </message>
</context>
<context>
    <name>Capstan::DiffOverview</name>
    <message>
        <source>Where the changes are: click to go there</source>
        <translation>Où sont les modifications : cliquez pour y aller</translation>
    </message>
</context>
<context>
    <name>Capstan::DiffPane</name>
    <message numerus="yes">
        <source>⋯ %n unchanged line(s): click to show</source>
        <translation>
            <numerusform>⋯ %n ligne inchangée : cliquez pour l’afficher</numerusform>
            <numerusform>⋯ %n lignes inchangées : cliquez pour les afficher</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::DiffView</name>
    <message>
        <source>Side by Side</source>
        <translation>Côte à côte</translation>
    </message>
    <message>
        <source>Live on the left, desired on the right</source>
        <translation>En direct à gauche, souhaité à droite</translation>
    </message>
    <message>
        <source>Unified</source>
        <translation>Unifié</translation>
    </message>
    <message>
        <source>Removed and added lines in one column, as a patch</source>
        <translation>Lignes supprimées et ajoutées dans une seule colonne, comme un patch</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>Compact</translation>
    </message>
    <message>
        <source>Show only the changes with some lines of context; click a fold to open it</source>
        <translation>N’afficher que les modifications avec quelques lignes de contexte ; cliquez sur un pli pour l’ouvrir</translation>
    </message>
    <message>
        <source> lines of context</source>
        <translation> lignes de contexte</translation>
    </message>
    <message>
        <source>Previous Change</source>
        <translation>Modification précédente</translation>
    </message>
    <message>
        <source>Next Change</source>
        <translation>Modification suivante</translation>
    </message>
    <message>
        <source>Search in the diff</source>
        <translation>Rechercher dans le diff</translation>
    </message>
    <message>
        <source>Enter finds the next match, Shift+Enter the previous one</source>
        <translation>Entrée trouve l’occurrence suivante, Maj+Entrée la précédente</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy &amp;Live (Left Side)</source>
        <translation>Copier l’état en &amp;direct (côté gauche)</translation>
    </message>
    <message>
        <source>Copy &amp;Desired (Right Side)</source>
        <translation>Copier l’état &amp;souhaité (côté droit)</translation>
    </message>
    <message>
        <source>Nothing to compare.</source>
        <translation>Rien à comparer.</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>Aucune différence.</translation>
    </message>
    <message>
        <source>No changes</source>
        <translation>Aucune modification</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n modification</numerusform>
            <numerusform>%n modifications</numerusform>
        </translation>
    </message>
    <message>
        <source>Change %1 of %2</source>
        <translation>Modification %1 sur %2</translation>
    </message>
</context>
<context>
    <name>Capstan::EditorDialog</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Créer</translation>
    </message>
</context>
<context>
    <name>Capstan::Engine</name>
    <message>
        <source>%1 has no action named “%2”</source>
        <translation>%1 n’a pas d’action nommée « %2 »</translation>
    </message>
    <message>
        <source>the action %1 is disabled for this %2</source>
        <translation>l’action %1 est désactivée pour cet objet (%2)</translation>
    </message>
    <message>
        <source>the replicas parameter is required</source>
        <translation>le paramètre replicas est obligatoire</translation>
    </message>
    <message>
        <source>invalid number: %1 (must be &gt;= 0)</source>
        <translation>nombre invalide : %1 (doit être &gt;= 0)</translation>
    </message>
</context>
<context>
    <name>Capstan::Engine::ClusterSet</name>
    <message>
        <source>the cluster&apos;s server &quot;%1&quot; is not a URL</source>
        <translation>l&apos;adresse &quot;%1&quot; du serveur du cluster n&apos;est pas une URL</translation>
    </message>
    <message>
        <source>no local cluster is running for %1</source>
        <translation>aucun cluster local ne tourne pour %1</translation>
    </message>
    <message>
        <source>cannot read the token file %1: %2</source>
        <translation>impossible de lire le fichier de jeton %1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Engine::DeepLinks</name>
    <message>
        <source>the template action {{%1}} is not supported</source>
        <translation>l’action de modèle {{%1}} n’est pas prise en charge</translation>
    </message>
    <message>
        <source>unexpected &apos;%1&apos; at column %2</source>
        <translation>« %1 » inattendu à la colonne %2</translation>
    </message>
    <message>
        <source>the condition ends too early</source>
        <translation>la condition se termine trop tôt</translation>
    </message>
    <message>
        <source>a &apos;)&apos; is missing</source>
        <translation>il manque une « ) »</translation>
    </message>
    <message>
        <source>a &apos;]&apos; is missing</source>
        <translation>il manque un « ] »</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <translation>« %1 » n’est pas un nombre</translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation>une chaîne n’est pas fermée</translation>
    </message>
    <message>
        <source>a field name is missing after &apos;.&apos; at column %1</source>
        <translation>il manque un nom de champ après « . » à la colonne %1</translation>
    </message>
    <message>
        <source>only quoted keys are supported inside [ ]</source>
        <translation>seules les clés entre guillemets sont prises en charge dans [ ]</translation>
    </message>
    <message>
        <source>the links setting must be a list</source>
        <translation>le réglage des liens doit être une liste</translation>
    </message>
    <message>
        <source>link %1 needs a title and a url</source>
        <translation>le lien %1 doit avoir un titre et une URL</translation>
    </message>
    <message>
        <source>the condition is not a boolean</source>
        <translation>la condition n’est pas un booléen</translation>
    </message>
</context>
<context>
    <name>Capstan::EventsModel</name>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Vu en dernier</translation>
    </message>
</context>
<context>
    <name>Capstan::Files</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d’écrire %1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::FilterBar</name>
    <message>
        <source>Filter applications (Ctrl+F)</source>
        <translation>Filtrer les applications (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>&amp;Filtres</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <source>Show every application again</source>
        <translation>Afficher de nouveau toutes les applications</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Sync status</source>
        <translation>Statut de &amp;synchro</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisé</translation>
    </message>
    <message>
        <source>OutOfSync</source>
        <translation>Désynchronisé</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>&amp;Health</source>
        <translation>&amp;Santé</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Sain</translation>
    </message>
    <message>
        <source>Progressing</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Dégradé</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspendu</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Manquant</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>&amp;Projet</translation>
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
        <translation>É&amp;tiquette</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchro</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
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
        <translation>Étiquette</translation>
    </message>
    <message>
        <source>Text: “%1”</source>
        <translation>Texte : « %1 »</translation>
    </message>
    <message numerus="yes">
        <source>All %n application(s)</source>
        <translation>
            <numerusform>%n application</numerusform>
            <numerusform>Les %n applications</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown — %3</source>
        <translation>%1 sur %2 affichées — %3</translation>
    </message>
</context>
<context>
    <name>Capstan::HistoryModel</name>
    <message>
        <source>automated</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>Started by %1</source>
        <translation>Lancé par %1</translation>
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
        <translation>Révision</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>Déployé</translation>
    </message>
</context>
<context>
    <name>Capstan::Http::Request</name>
    <message>
        <source>query parameter &quot;%1&quot;: &quot;%2&quot; is not a boolean</source>
        <translation>paramètre de requête « %1 » : « %2 » n’est pas un booléen</translation>
    </message>
    <message>
        <source>the request body is not valid JSON: %1 at offset %2</source>
        <translation>le corps de la requête n’est pas du JSON valide : %1 à la position %2</translation>
    </message>
    <message>
        <source>the request body must be a JSON object</source>
        <translation>le corps de la requête doit être un objet JSON</translation>
    </message>
</context>
<context>
    <name>Capstan::JsonListModel</name>
    <message>
        <source>Not contacted yet</source>
        <translation>Pas encore contacté</translation>
    </message>
    <message>
        <source>Successful</source>
        <translation>Réussie</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
</context>
<context>
    <name>Capstan::JsonPatch</name>
    <message>
        <source>the patched document is not a JSON object</source>
        <translation>le document modifié n’est pas un objet JSON</translation>
    </message>
    <message>
        <source>a JSON patch must be a list of operations</source>
        <translation>un patch JSON doit être une liste d’opérations</translation>
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
    <name>Capstan::Kube::LabelSelector</name>
    <message>
        <source>“%1” is not a valid label key: a name of at most 63 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, starting and ending with a letter or digit, with an optional DNS prefix and &apos;/&apos;</source>
        <translation>« %1 » n’est pas une clé de label valide : un nom d’au plus 63 lettres, chiffres, &apos;-&apos;, &apos;_&apos; ou &apos;.&apos;, commençant et finissant par une lettre ou un chiffre, avec un préfixe DNS facultatif et &apos;/&apos;</translation>
    </message>
    <message>
        <source>“%1” is not a valid label value: at most 63 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, starting and ending with a letter or digit</source>
        <translation>« %1 » n’est pas une valeur de label valide : au plus 63 lettres, chiffres, &apos;-&apos;, &apos;_&apos; ou &apos;.&apos;, commençant et finissant par une lettre ou un chiffre</translation>
    </message>
    <message>
        <source>unexpected end of the selector, expected %1</source>
        <translation>fin inattendue du sélecteur, attendu : %1</translation>
    </message>
    <message>
        <source>found “%1”, expected %2</source>
        <translation>« %1 » trouvé, attendu : %2</translation>
    </message>
    <message>
        <source>a label key</source>
        <translation>une clé de label</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>une valeur</translation>
    </message>
    <message>
        <source>“%1” must be an integer to compare with %2</source>
        <translation>« %1 » doit être un entier pour être comparé avec %2</translation>
    </message>
    <message>
        <source>an operator (=, ==, !=, in, notin, &lt;, &gt;), &apos;,&apos; or the end</source>
        <translation>un opérateur (=, ==, !=, in, notin, &lt;, &gt;), &apos;,&apos; ou la fin</translation>
    </message>
    <message>
        <source>the %1 requirement of “%2” needs values</source>
        <translation>la condition %1 sur « %2 » demande des valeurs</translation>
    </message>
    <message>
        <source>“%1” is not a label selector operator</source>
        <translation>« %1 » n’est pas un opérateur de sélecteur de labels</translation>
    </message>
</context>
<context>
    <name>Capstan::Kube::LocalCluster</name>
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
    <message>
        <source>Do not set up the sample Git repository and applications on the first start.</source>
        <translation>Ne pas créer le dépôt Git et les applications d’exemple au premier démarrage.</translation>
    </message>
</context>
<context>
    <name>Capstan::ListDialog</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Ajouter…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>%1 was not deleted: %2</source>
        <translation>%1 n’a pas été supprimé : %2</translation>
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
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
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
    <message>
        <source>The sample applications were not set up.</source>
        <translation>Les applications d’exemple n’ont pas été créées.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Serveurs</translation>
    </message>
    <message>
        <source>&amp;Add Server…</source>
        <translation>&amp;Ajouter un serveur…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Hard Refresh</source>
        <translation>Actualisation &amp;complète</translation>
    </message>
    <message>
        <source>Generate the manifests again, ignoring the cache</source>
        <translation>Générer de nouveau les manifestes, sans le cache</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>&amp;Copy Name</source>
        <translation>&amp;Copier le nom</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>Ouvrir dans le &amp;navigateur</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>&amp;Sign In…</source>
        <translation>Se &amp;connecter…</translation>
    </message>
    <message>
        <source>&amp;Trust Certificate…</source>
        <translation>&amp;Faire confiance au certificat…</translation>
    </message>
    <message>
        <source>Re&amp;move Server</source>
        <translation>&amp;Retirer le serveur</translation>
    </message>
    <message>
        <source>Remove Server</source>
        <translation>Retirer le serveur</translation>
    </message>
    <message>
        <source>Remove %1 from Capstan? Its saved sign-in is forgotten; nothing changes on the server.</source>
        <translation>Retirer %1 de Capstan ? La connexion enregistrée est oubliée ; rien ne change sur le serveur.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Serveur</translation>
    </message>
    <message>
        <source>&amp;Application</source>
        <translation>&amp;Application</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Group By</source>
        <translation>&amp;Grouper par</translation>
    </message>
    <message>
        <source>Project and destination</source>
        <translation>Projet et destination</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Statut de synchro</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <source>Nothing (flat)</source>
        <translation>Rien (liste)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>Follow the &amp;Desktop</source>
        <translation>Suivre le &amp;bureau</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Clair</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Sombre</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>Grouper par :</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Select an application first</source>
        <translation>Sélectionnez d’abord une application</translation>
    </message>
    <message>
        <source>Open in Argo CD&apos;s web interface</source>
        <translation>Ouvrir dans l’interface web d’Argo CD</translation>
    </message>
    <message>
        <source>Only applications of a remote Argo CD have a web interface</source>
        <translation>Seules les applications d’un Argo CD distant ont une interface web</translation>
    </message>
    <message>
        <source>Checking your permissions…</source>
        <translation>Vérification de vos droits…</translation>
    </message>
    <message>
        <source>Delete the selected applications</source>
        <translation>Supprimer les applications sélectionnées</translation>
    </message>
    <message>
        <source>You may not delete %1 (applications, delete)</source>
        <translation>Vous ne pouvez pas supprimer %1 (applications, delete)</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) running…</source>
        <translation>
            <numerusform>%n requête en cours…</numerusform>
            <numerusform>%n requêtes en cours…</numerusform>
        </translation>
    </message>
    <message>
        <source>Trust Certificate</source>
        <translation>Faire confiance au certificat</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted by this computer.</source>
        <translation>Le certificat de %1 n’est pas approuvé par cet ordinateur.</translation>
    </message>
    <message>
        <source>Issued to: %1
Issued by: %2
SHA-256: %3

Trust it only if this is the fingerprint the server&apos;s administrator gave you.</source>
        <translation>Délivré à : %1
Délivré par : %2
SHA-256 : %3

N’y faites confiance que si c’est l’empreinte que l’administrateur du serveur vous a donnée.</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Faire confiance</translation>
    </message>
    <message>
        <source>%1 was not refreshed.</source>
        <translation>%1 n’a pas été actualisée.</translation>
    </message>
    <message>
        <source>%1 was not deleted.</source>
        <translation>%1 n’a pas été supprimée.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>Show the application&apos;s details and resources (Enter)</source>
        <translation>Afficher les détails et les ressources de l’application (Entrée)</translation>
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
        <translation>Comparer les ressources en direct de l’application avec celles souhaitées (Ctrl+D)</translation>
    </message>
    <message>
        <source>&amp;Sync…</source>
        <translation>&amp;Synchroniser…</translation>
    </message>
    <message>
        <source>Roll&amp;back…</source>
        <translation>Re&amp;venir en arrière…</translation>
    </message>
    <message>
        <source>Synchronize the selected applications</source>
        <translation>Synchroniser les applications sélectionnées</translation>
    </message>
    <message>
        <source>You may not sync %1 (applications, sync)</source>
        <translation>Vous ne pouvez pas synchroniser %1 (applications, sync)</translation>
    </message>
    <message>
        <source>Roll back one application at a time</source>
        <translation>Revenir en arrière une application à la fois</translation>
    </message>
    <message>
        <source>Roll the application back to an earlier sync</source>
        <translation>Ramener l’application à une synchronisation antérieure</translation>
    </message>
    <message>
        <source>You may not roll back %1 (applications, sync)</source>
        <translation>Vous ne pouvez pas ramener %1 en arrière (applications, sync)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;New Application…</source>
        <translation>&amp;Nouvelle application…</translation>
    </message>
    <message>
        <source>Create an application on the selected server</source>
        <translation>Créer une application sur le serveur sélectionné</translation>
    </message>
    <message>
        <source>Edit one application at a time</source>
        <translation>Modifier une application à la fois</translation>
    </message>
    <message>
        <source>Edit the application&apos;s source, destination and sync policy</source>
        <translation>Modifier la source, la destination et la politique de synchronisation de l’application</translation>
    </message>
    <message>
        <source>You may not edit %1 (applications, update)</source>
        <translation>Vous ne pouvez pas modifier %1 (applications, update)</translation>
    </message>
    <message>
        <source>%1 cannot be edited.</source>
        <translation>%1 ne peut pas être modifiée.</translation>
    </message>
    <message>
        <source>&amp;Repositories…</source>
        <translation>&amp;Dépôts…</translation>
    </message>
    <message>
        <source>C&amp;lusters…</source>
        <translation>C&amp;lusters…</translation>
    </message>
    <message>
        <source>&amp;Projects…</source>
        <translation>&amp;Projets…</translation>
    </message>
</context>
<context>
    <name>Capstan::ManagedDiff</name>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>%1 — live: %2, desired: %3</source>
        <translation>%1 — en direct : %2, souhaité : %3</translation>
    </message>
</context>
<context>
    <name>Capstan::ManagedResourcesModel</name>
    <message>
        <source>Synced</source>
        <translation>Synchronisé</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modifié</translation>
    </message>
    <message>
        <source>Will be created</source>
        <translation>Sera créé</translation>
    </message>
    <message>
        <source>Will be pruned</source>
        <translation>Sera élagué</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n modification</numerusform>
            <numerusform>%n modifications</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) removed</source>
        <translation>
            <numerusform>%n ligne supprimée</numerusform>
            <numerusform>%n lignes supprimées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) added</source>
        <translation>
            <numerusform>%n ligne ajoutée</numerusform>
            <numerusform>%n lignes ajoutées</numerusform>
        </translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Next Sync</source>
        <translation>Prochaine synchro</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Modifications</translation>
    </message>
</context>
<context>
    <name>Capstan::MessageArea</name>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n more)</source>
        <translation>
            <numerusform>%1 (%n de plus)</numerusform>
            <numerusform>%1 (%n de plus)</numerusform>
        </translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Fermer ce message</translation>
    </message>
</context>
<context>
    <name>Capstan::Model</name>
    <message>
        <source>must be %1</source>
        <translation>doit être %1</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <source>is out of range</source>
        <translation>est hors limites</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <source>must be a time in RFC 3339 format, such as 2024-05-01T12:00:00Z</source>
        <translation>doit être une date au format RFC 3339, par exemple 2024-05-01T12:00:00Z</translation>
    </message>
    <message>
        <source>must be one of %1</source>
        <translation>doit être l’une des valeurs %1</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>est obligatoire</translation>
    </message>
    <message>
        <source>is required unless a chart is given (&quot;.&quot; is the repository root)</source>
        <translation>est obligatoire sans chart (&quot;.&quot; est la racine du dépôt)</translation>
    </message>
    <message>
        <source>needs a path, a chart or a ref</source>
        <translation>demande un chemin, un chart ou une référence</translation>
    </message>
    <message>
        <source>is required for a Helm chart</source>
        <translation>est obligatoire pour un chart Helm</translation>
    </message>
    <message>
        <source>must be a relative path inside the repository</source>
        <translation>doit être un chemin relatif à l’intérieur du dépôt</translation>
    </message>
    <message>
        <source>can have only one of helm, kustomize, directory and plugin</source>
        <translation>ne peut contenir qu’un seul de helm, kustomize, directory et plugin</translation>
    </message>
    <message>
        <source>config management plugins are not supported</source>
        <translation>les plugins de gestion de configuration ne sont pas pris en charge</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration: use seconds (&quot;30&quot;) or units such as &quot;30s&quot;, &quot;5m&quot; or &quot;1h&quot;</source>
        <translation>&quot;%1&quot; n’est pas une durée : utilisez des secondes (&quot;30&quot;) ou des unités comme &quot;30s&quot;, &quot;5m&quot; ou &quot;1h&quot;</translation>
    </message>
    <message>
        <source>needs a server or a cluster name</source>
        <translation>demande un serveur ou un nom de cluster</translation>
    </message>
    <message>
        <source>can&apos;t have both name and server defined: %1 %2</source>
        <translation>ne peut pas définir à la fois le nom et le serveur : %1 %2</translation>
    </message>
    <message>
        <source>can have spec.source or spec.sources, not both</source>
        <translation>peut contenir spec.source ou spec.sources, pas les deux</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>ne doit pas être négatif</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not of the form Name=value</source>
        <translation>&quot;%1&quot; n’est pas de la forme Nom=valeur</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>doit valoir au moins 1</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>ne doit pas être vide</translation>
    </message>
    <message>
        <source>needs a server or a cluster name (&quot;*&quot; for any)</source>
        <translation>demande un serveur ou un nom de cluster (&quot;*&quot; pour tous)</translation>
    </message>
    <message>
        <source>&quot;!*&quot; would match nothing</source>
        <translation>&quot;!*&quot; ne correspondrait à rien</translation>
    </message>
    <message>
        <source>destination &apos;%1&apos; already added</source>
        <translation>la destination &apos;%1&apos; est déjà ajoutée</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid role name: use letters, digits, &apos;-&apos; and &apos;_&apos;</source>
        <translation>&quot;%1&quot; n’est pas un nom de rôle valide : lettres, chiffres, &apos;-&apos; et &apos;_&apos;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http(s) URL</source>
        <translation>&quot;%1&quot; n’est pas une URL http(s)</translation>
    </message>
    <message>
        <source>must not start or end with spaces</source>
        <translation>ne doit pas commencer ni finir par des espaces</translation>
    </message>
    <message>
        <source>must be base64 of PEM data</source>
        <translation>doit être des données PEM en base64</translation>
    </message>
    <message>
        <source>must be &quot;git&quot;, &quot;helm&quot; or &quot;oci&quot;</source>
        <translation>doit être &quot;git&quot;, &quot;helm&quot; ou &quot;oci&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a repository URL</source>
        <translation>&quot;%1&quot; n’est pas une URL de dépôt</translation>
    </message>
    <message>
        <source>is not a PEM or OpenSSH private key</source>
        <translation>n’est pas une clé privée PEM ou OpenSSH</translation>
    </message>
    <message>
        <source>is required with a password</source>
        <translation>est obligatoire avec un mot de passe</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid name: use at most 253 lowercase letters, digits, &apos;-&apos; and &apos;.&apos;, starting and ending with a letter or digit</source>
        <translation>&quot;%1&quot; n’est pas un nom valide : au plus 253 minuscules, chiffres, &apos;-&apos; et &apos;.&apos;, commençant et finissant par une lettre ou un chiffre</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>champ inconnu</translation>
    </message>
    <message>
        <source>must be &quot;allow&quot; or &quot;deny&quot;, not &quot;%1&quot;</source>
        <translation>doit valoir « allow » ou « deny », pas « %1 »</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration such as &quot;1h&quot; or &quot;30m&quot;</source>
        <translation>« %1 » n’est pas une durée comme « 1h » ou « 30m »</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a known time zone</source>
        <translation>« %1 » n’est pas un fuseau horaire connu</translation>
    </message>
    <message>
        <source>must be of the form &apos;p, proj:%1:%2, applications, &lt;action&gt;, %1/&lt;application&gt;, allow|deny&apos;</source>
        <translation>doit avoir la forme &apos;p, proj:%1:%2, applications, &lt;action&gt;, %1/&lt;application&gt;, allow|deny&apos;</translation>
    </message>
    <message>
        <source>the policy&apos;s subject must be &apos;%1&apos;, not &apos;%2&apos;</source>
        <translation>le sujet de la règle doit être &apos;%1&apos;, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <source>the resource must be one of %1, not &apos;%2&apos;</source>
        <translation>la ressource doit être l&apos;une de %1, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an action: use %2 or action/&lt;group&gt;/&lt;kind&gt;/&lt;name&gt;</source>
        <translation>&apos;%1&apos; n&apos;est pas une action : utilisez %2 ou action/&lt;groupe&gt;/&lt;type&gt;/&lt;nom&gt;</translation>
    </message>
    <message>
        <source>the object must be &apos;%1/*&apos; or &apos;%1/&lt;application&gt;&apos;, not &apos;%2&apos;</source>
        <translation>l&apos;objet doit être &apos;%1/*&apos; ou &apos;%1/&lt;application&gt;&apos;, pas &apos;%2&apos;</translation>
    </message>
    <message>
        <source>the effect must be &apos;allow&apos; or &apos;deny&apos;, not &apos;%1&apos;</source>
        <translation>l&apos;effet doit être &apos;allow&apos; ou &apos;deny&apos;, pas &apos;%1&apos;</translation>
    </message>
    <message>
        <source>role &apos;%1&apos; already exists</source>
        <translation>le rôle &apos;%1&apos; existe déjà</translation>
    </message>
    <message>
        <source>policy &apos;%1&apos; already exists for role &apos;%2&apos;</source>
        <translation>la règle &apos;%1&apos; existe déjà pour le rôle &apos;%2&apos;</translation>
    </message>
    <message>
        <source>group &apos;%1&apos; must be quoted</source>
        <translation>le groupe &apos;%1&apos; doit être entre guillemets</translation>
    </message>
    <message>
        <source>group must not be empty</source>
        <translation>le groupe ne doit pas être vide</translation>
    </message>
    <message>
        <source>group &apos;%1&apos; contains invalid characters</source>
        <translation>le groupe &apos;%1&apos; contient des caractères non valides</translation>
    </message>
</context>
<context>
    <name>Capstan::OperationView</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: refused</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; : refusé</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: waiting for the operation to start…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; : en attente du démarrage de l’opération…</translation>
    </message>
    <message>
        <source>%1 · wave %2</source>
        <translation>%1 · vague %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 — %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; : %2 — %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 succeeded&lt;/b&gt;: %2.</source>
        <translation>&lt;b&gt;%1 réussi&lt;/b&gt; : %2.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 ended %3&lt;/b&gt;: %2.</source>
        <translation>&lt;b&gt;%1 terminé en %3&lt;/b&gt; : %2.</translation>
    </message>
    <message>
        <source>Nothing was changed: this was a dry run.</source>
        <translation>Rien n’a été modifié : c’était une simulation.</translation>
    </message>
</context>
<context>
    <name>Capstan::PasswordHash</name>
    <message>
        <source>password is longer than %1 bytes</source>
        <translation>le mot de passe dépasse %1 octets</translation>
    </message>
    <message>
        <source>password contains a NUL character</source>
        <translation>le mot de passe contient un caractère NUL</translation>
    </message>
    <message>
        <source>cannot make a bcrypt salt: %1</source>
        <translation>impossible de créer un sel bcrypt : %1</translation>
    </message>
    <message>
        <source>cannot hash the password</source>
        <translation>impossible de hacher le mot de passe</translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectDialog</name>
    <message>
        <source>Repository URL</source>
        <translation>URL du dépôt</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Cluster Name</source>
        <translation>Nom du cluster</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Only the namespaced kinds listed here</source>
        <translation>Seulement les types à namespace listés ici</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>Effet</translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation>Projet %1</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Nouveau projet</translation>
    </message>
    <message>
        <source>lower-case letters, digits, &apos;-&apos; and &apos;.&apos;</source>
        <translation>minuscules, chiffres, &apos;-&apos; et &apos;.&apos;</translation>
    </message>
    <message>
        <source>None: applications of this project cannot use any repository.</source>
        <translation>Aucun : les applications de ce projet ne peuvent utiliser aucun dépôt.</translation>
    </message>
    <message>
        <source>None: applications of this project cannot deploy anywhere.</source>
        <translation>Aucune : les applications de ce projet ne peuvent être déployées nulle part.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description :</translation>
    </message>
    <message>
        <source>Source repositories</source>
        <translation>Dépôts sources</translation>
    </message>
    <message>
        <source>Repositories its applications may deploy from. Globs match many (https://github.com/org/*, * for any); a leading ! denies.</source>
        <translation>Dépôts depuis lesquels ses applications peuvent être déployées. Les motifs en désignent plusieurs (https://github.com/org/*, * pour tous) ; un ! en tête interdit.</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Général</translation>
    </message>
    <message>
        <source>Clusters and namespaces its applications may deploy to. Name a cluster by its server URL or by its name; * matches any, a leading ! denies.</source>
        <translation>Clusters et namespaces où ses applications peuvent être déployées. Désignez un cluster par l&apos;URL de son serveur ou par son nom ; * les désigne tous, un ! en tête interdit.</translation>
    </message>
    <message>
        <source>&amp;Destinations</source>
        <translation>&amp;Destinations</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Cluster-scoped kinds allowed</source>
        <translation>Types à portée cluster autorisés</translation>
    </message>
    <message>
        <source>None: no cluster-scoped resource may be deployed.</source>
        <translation>Aucun : aucune ressource à portée cluster ne peut être déployée.</translation>
    </message>
    <message>
        <source>Cluster-scoped kinds denied</source>
        <translation>Types à portée cluster interdits</translation>
    </message>
    <message>
        <source>None denied.</source>
        <translation>Aucun interdit.</translation>
    </message>
    <message>
        <source>Namespaced kinds allowed</source>
        <translation>Types à namespace autorisés</translation>
    </message>
    <message>
        <source>None: no namespaced resource may be deployed.</source>
        <translation>Aucun : aucune ressource à namespace ne peut être déployée.</translation>
    </message>
    <message>
        <source>Namespaced kinds denied</source>
        <translation>Types à namespace interdits</translation>
    </message>
    <message>
        <source>A kind is allowed when an allow list has it and no deny list does. The group of Kubernetes&apos; core kinds is empty; * matches any group or kind.</source>
        <translation>Un type est autorisé quand une liste d&apos;autorisation le contient et aucune liste d&apos;interdiction. Le groupe des types de base de Kubernetes est vide ; * désigne tout groupe ou type.</translation>
    </message>
    <message>
        <source>&amp;Resources</source>
        <translation>&amp;Ressources</translation>
    </message>
    <message>
        <source>No roles: only the server&apos;s own accounts and policies reach this project.</source>
        <translation>Aucun rôle : seuls les comptes et règles propres au serveur atteignent ce projet.</translation>
    </message>
    <message>
        <source>Groups are your identity provider&apos;s groups that get the role, separated by commas (quote a group that has a comma).</source>
        <translation>Les groupes sont ceux de votre fournisseur d&apos;identité qui reçoivent le rôle, séparés par des virgules (mettez entre guillemets un groupe qui contient une virgule).</translation>
    </message>
    <message>
        <source>R&amp;oles</source>
        <translation>R&amp;ôles</translation>
    </message>
    <message>
        <source>Select a role to see its policies.</source>
        <translation>Sélectionnez un rôle pour voir ses règles.</translation>
    </message>
    <message>
        <source>Policies of the new role:</source>
        <translation>Règles du nouveau rôle :</translation>
    </message>
    <message>
        <source>Policies of %1:</source>
        <translation>Règles de %1 :</translation>
    </message>
    <message>
        <source>Tokens issued for this role: %1 (kept as they are).</source>
        <translation>Jetons émis pour ce rôle : %1 (conservés tels quels).</translation>
    </message>
    <message>
        <source>A project needs a name.</source>
        <translation>Un projet a besoin d&apos;un nom.</translation>
    </message>
    <message>
        <source>enter a kind (* for any)</source>
        <translation>saisissez un type (* pour tous)</translation>
    </message>
    <message>
        <source>policy %1: %2</source>
        <translation>règle %1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectsDialog</name>
    <message>
        <source>Projects of %1</source>
        <translation>Projets de %1</translation>
    </message>
    <message>
        <source>Delete the project %1? Its roles and their tokens go with it. The server keeps a project that applications still use.</source>
        <translation>Supprimer le projet %1 ? Ses rôles et leurs jetons partent avec lui. Le serveur garde un projet que des applications utilisent encore.</translation>
    </message>
</context>
<context>
    <name>Capstan::ProjectsModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Source Repositories</source>
        <translation>Dépôts sources</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Destinations</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rôles</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 and %n more</source>
        <translation>
            <numerusform>%1, %2 et %n autre</numerusform>
            <numerusform>%1, %2 et %n autres</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Capstan::RepositoriesDialog</name>
    <message>
        <source>Repositories of %1</source>
        <translation>Dépôts de %1</translation>
    </message>
    <message>
        <source>Delete %1 and its credentials from the server? Applications that use it keep working only if the repository needs no credentials.</source>
        <translation>Supprimer %1 et ses identifiants du serveur ? Les applications qui l’utilisent ne continuent de fonctionner que si le dépôt n’exige pas d’identifiants.</translation>
    </message>
</context>
<context>
    <name>Capstan::RepositoriesModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
</context>
<context>
    <name>Capstan::RepositoryDialog</name>
    <message>
        <source>Skip the server&apos;s certificate or host key check (insecure)</source>
        <translation>Ne pas vérifier le certificat ou la clé d’hôte du serveur (non sécurisé)</translation>
    </message>
    <message>
        <source>Repository %1</source>
        <translation>Dépôt %1</translation>
    </message>
    <message>
        <source>Add Repository</source>
        <translation>Ajouter un dépôt</translation>
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
        <translation>https://github.com/org/repo.git, git@host:org/repo.git ou file:///chemin</translation>
    </message>
    <message>
        <source>any project</source>
        <translation>tout projet</translation>
    </message>
    <message>
        <source>unchanged (the server does not show it)</source>
        <translation>inchangé (le serveur ne l’affiche pas)</translation>
    </message>
    <message>
        <source>-----BEGIN OPENSSH PRIVATE KEY-----…</source>
        <translation>-----BEGIN OPENSSH PRIVATE KEY-----…</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Type :</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL :</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projet :</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d’&amp;utilisateur :</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>SSH private &amp;key:</source>
        <translation>&amp;Clé privée SSH :</translation>
    </message>
    <message>
        <source>Test &amp;Connection</source>
        <translation>Tester la &amp;connexion</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>Enter the repository&apos;s URL.</source>
        <translation>Saisissez l’URL du dépôt.</translation>
    </message>
    <message>
        <source>This is not a repository URL: use https://…, ssh://…, git@host:path or file://…</source>
        <translation>Ce n’est pas une URL de dépôt : utilisez https://…, ssh://…, git@hôte:chemin ou file://…</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>✔ The server reached the repository.</source>
        <translation>✔ Le serveur a atteint le dépôt.</translation>
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
        <translation>Type</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Santé</translation>
    </message>
    <message>
        <source>Sync wave</source>
        <translation>Vague de synchro</translation>
    </message>
</context>
<context>
    <name>Capstan::RetryEditor</name>
    <message>
        <source>forever</source>
        <translation>indéfiniment</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Tentatives :</translation>
    </message>
    <message>
        <source>First wait:</source>
        <translation>Première attente :</translation>
    </message>
    <message>
        <source>Then:</source>
        <translation>Puis :</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>Au plus :</translation>
    </message>
</context>
<context>
    <name>Capstan::RollbackDialog</name>
    <message>
        <source>Pr&amp;une</source>
        <translation>É&amp;laguer</translation>
    </message>
    <message>
        <source>&amp;Dry run</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <source>Roll Back %1</source>
        <translation>Revenir en arrière sur %1</translation>
    </message>
    <message>
        <source>Roll back %1 to an earlier sync</source>
        <translation>Ramener %1 à une synchronisation antérieure</translation>
    </message>
    <message>
        <source>Automated sync is on: %1 would sync back to Git right after a rollback, so rollback is not possible. Turn automated sync off first; turn it on again when you want Git to lead again.</source>
        <translation>La synchronisation automatique est active : %1 se resynchroniserait sur Git juste après un retour en arrière, qui n’est donc pas possible. Désactivez d’abord la synchronisation automatique ; réactivez-la quand Git doit de nouveau mener.</translation>
    </message>
    <message>
        <source>Turn Off &amp;Auto-Sync…</source>
        <translation>Désactiver l’&amp;auto-synchronisation…</translation>
    </message>
    <message>
        <source>Select an entry of the history to see what rolling back to it changes.</source>
        <translation>Sélectionnez une entrée de l’historique pour voir ce que le retour à celle-ci modifie.</translation>
    </message>
    <message>
        <source>Delete the resources the earlier revision does not have</source>
        <translation>Supprimer les ressources que la révision antérieure n’a pas</translation>
    </message>
    <message>
        <source>Run the rollback without changing anything in the cluster</source>
        <translation>Exécuter le retour en arrière sans rien modifier dans le cluster</translation>
    </message>
    <message>
        <source>&amp;Roll Back</source>
        <translation>&amp;Revenir en arrière</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>&amp;Interrompre</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation>%1 a été supprimée.</translation>
    </message>
    <message>
        <source>Rollback (dry run)</source>
        <translation>Retour en arrière (simulation)</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Retour en arrière</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Reading the manifests of %1…</source>
        <translation>Lecture des manifestes de %1…</translation>
    </message>
    <message>
        <source>After the rollback</source>
        <translation>Après le retour en arrière</translation>
    </message>
    <message>
        <source>&amp;Dry Run</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <source>Turn automated sync off first</source>
        <translation>Désactivez d’abord la synchronisation automatique</translation>
    </message>
    <message>
        <source>Roll back to history entry %1</source>
        <translation>Revenir à l’entrée %1 de l’historique</translation>
    </message>
    <message>
        <source>Select an entry of the history</source>
        <translation>Sélectionnez une entrée de l’historique</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Turn Off Automated Sync</source>
        <translation>Désactiver la synchronisation automatique</translation>
    </message>
    <message>
        <source>Turn automated sync of %1 off? Until it is on again, changes in Git are not applied by themselves.</source>
        <translation>Désactiver la synchronisation automatique de %1 ? Tant qu’elle est désactivée, les modifications dans Git ne sont pas appliquées d’elles-mêmes.</translation>
    </message>
    <message>
        <source>Automated sync of %1 was not turned off: %2</source>
        <translation>La synchronisation automatique de %1 n’a pas été désactivée : %2</translation>
    </message>
    <message>
        <source>%1 was not terminated: %2</source>
        <translation>%1 n’a pas été interrompue : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::RollbackPreview</name>
    <message>
        <source>The server masks Secret values on each side on its own: whether %1 changes cannot be seen here.</source>
        <translation>Le serveur masque les valeurs des Secrets de chaque côté séparément : on ne peut pas voir ici si %1 change.</translation>
    </message>
</context>
<context>
    <name>Capstan::RowsEditor</name>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Ligne %1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::SampleApplications</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>git %1 failed: %2</source>
        <translation>git %1 a échoué : %2</translation>
    </message>
    <message>
        <source>git cannot be run: %1</source>
        <translation>git ne peut pas être lancé : %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::ServerConfiguration</name>
    <message>
        <source>%1 holds no PEM certificate</source>
        <translation>%1 ne contient aucun certificat PEM</translation>
    </message>
    <message>
        <source>%1 holds no PEM private key (RSA or EC)</source>
        <translation>%1 ne contient aucune clé privée PEM (RSA ou EC)</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>impossible de créer %1</translation>
    </message>
    <message>
        <source>%1: %2 “%3” is not a setting Capstan reads; use ConfigMaps named argocd-cm and argocd-rbac-cm</source>
        <translation>%1 : %2 « %3 » n’est pas un réglage que Capstan lit ; utilisez des ConfigMaps nommées argocd-cm et argocd-rbac-cm</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <source>%1: %2 data.%3 must be a string</source>
        <translation>%1 : %2 data.%3 doit être une chaîne</translation>
    </message>
</context>
<context>
    <name>Capstan::ServerServices</name>
    <message>
        <source>cannot read the server&apos;s signing key in %1</source>
        <translation>impossible de lire la clé de signature du serveur dans %1</translation>
    </message>
    <message>
        <source>users.session.duration: &quot;%1&quot; is not a duration</source>
        <translation>users.session.duration : « %1 » n’est pas une durée</translation>
    </message>
    <message>
        <source>passwordPattern: &quot;%1&quot; is not a regular expression</source>
        <translation>passwordPattern : « %1 » n’est pas une expression régulière</translation>
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
    <name>Capstan::Source::DirectorySource</name>
    <message>
        <source>spec.source.directory.%1: &apos;%2&apos; is not a valid pattern</source>
        <translation>spec.source.directory.%1 : « %2 » n’est pas un motif valide</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::GitRepository</name>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>The SSH host key of %1 cannot be checked against known_hosts.</source>
        <translation>La clé d’hôte SSH de %1 ne peut pas être vérifiée dans known_hosts.</translation>
    </message>
    <message>
        <source>The SSH host key of %1 is not in the known hosts. Add the host&apos;s key, or mark the repository insecure.</source>
        <translation>La clé d’hôte SSH de %1 ne figure pas parmi les hôtes connus. Ajoutez la clé de l’hôte, ou marquez le dépôt comme non sécurisé.</translation>
    </message>
    <message>
        <source>The SSH host key of %1 does not match the known hosts. Someone may be intercepting the connection; if the key changed on purpose, update the known hosts.</source>
        <translation>La clé d’hôte SSH de %1 ne correspond pas aux hôtes connus. Quelqu’un intercepte peut-être la connexion ; si la clé a changé volontairement, mettez à jour les hôtes connus.</translation>
    </message>
    <message>
        <source>The TLS certificate of %1 is not trusted. Install its certificate authority, or mark the repository insecure.</source>
        <translation>Le certificat TLS de %1 n’est pas reconnu. Installez son autorité de certification, ou marquez le dépôt comme non sécurisé.</translation>
    </message>
    <message>
        <source>The repository URL is empty.</source>
        <translation>L’URL du dépôt est vide.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is neither a URL nor an absolute path to a local repository.</source>
        <translation>« %1 » n’est ni une URL ni un chemin absolu vers un dépôt local.</translation>
    </message>
    <message>
        <source>The repository %1 rejected the credentials for user &apos;%2&apos;.</source>
        <translation>Le dépôt %1 a refusé les identifiants de l’utilisateur « %2 ».</translation>
    </message>
    <message>
        <source>The repository %1 requires credentials. Add them to the repository, or add a credential template that matches its URL.</source>
        <translation>Le dépôt %1 exige des identifiants. Ajoutez-les au dépôt, ou ajoutez un modèle d’identifiants correspondant à son URL.</translation>
    </message>
    <message>
        <source>Cannot create the repository cache: %1</source>
        <translation>Impossible de créer le cache du dépôt : %1</translation>
    </message>
    <message>
        <source>Cannot use the repository URL %1: %2</source>
        <translation>Impossible d’utiliser l’URL de dépôt %1 : %2</translation>
    </message>
    <message>
        <source>Cannot reach the repository %1: %2</source>
        <translation>Impossible de joindre le dépôt %1 : %2</translation>
    </message>
    <message>
        <source>Cannot list the references of %1: %2</source>
        <translation>Impossible de lister les références de %1 : %2</translation>
    </message>
    <message>
        <source>Cannot fetch from %1: %2</source>
        <translation>Impossible de récupérer depuis %1 : %2</translation>
    </message>
    <message>
        <source>Cannot update the references fetched from %1: %2</source>
        <translation>Impossible de mettre à jour les références récupérées depuis %1 : %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; points to commit %2, which %3 did not send.</source>
        <translation>« %1 » désigne le commit %2, que %3 n’a pas envoyé.</translation>
    </message>
    <message>
        <source>Unable to resolve &apos;%1&apos; to a commit SHA: %2 has no such branch, tag or commit.</source>
        <translation>Impossible de résoudre « %1 » en SHA de commit : %2 n’a pas de branche, d’étiquette ni de commit de ce nom.</translation>
    </message>
    <message>
        <source>Commit %1 is not in the repository.</source>
        <translation>Le commit %1 n’est pas dans le dépôt.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::HelmSource</name>
    <message>
        <source>%1: &apos;%2&apos; is a URL; value files must be in the repository.</source>
        <translation>%1 : « %2 » est une URL ; les fichiers de valeurs doivent être dans le dépôt.</translation>
    </message>
    <message>
        <source>%1: the absolute path &apos;%2&apos; is not allowed; paths are relative to the chart.</source>
        <translation>%1 : le chemin absolu « %2 » n’est pas autorisé ; les chemins sont relatifs au chart.</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is outside the repository.</source>
        <translation>%1 : « %2 » est hors du dépôt.</translation>
    </message>
    <message>
        <source>%1: the value file &apos;%2&apos; does not exist in the repository.</source>
        <translation>%1 : le fichier de valeurs « %2 » n’existe pas dans le dépôt.</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; does not exist in the repository.</source>
        <translation>%1 : « %2 » n’existe pas dans le dépôt.</translation>
    </message>
    <message>
        <source>helm is not installed: Helm charts need the helm program on the PATH of the Capstan server.</source>
        <translation>helm n’est pas installé : les charts Helm ont besoin du programme helm dans le PATH du serveur Capstan.</translation>
    </message>
    <message>
        <source>Cannot write the inline values.</source>
        <translation>Impossible d’écrire les valeurs intégrées.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::JsonnetEvaluator</name>
    <message>
        <source>The absolute import &apos;%1&apos; is not allowed; imports are relative to the repository.</source>
        <translation>L’import absolu « %1 » n’est pas autorisé ; les imports sont relatifs au dépôt.</translation>
    </message>
    <message>
        <source>The import &apos;%1&apos; leads outside the repository.</source>
        <translation>L’import « %1 » sort du dépôt.</translation>
    </message>
    <message>
        <source>no file &apos;%1&apos; in the repository</source>
        <translation>aucun fichier « %1 » dans le dépôt</translation>
    </message>
    <message>
        <source>The Jsonnet library path &apos;%1&apos; is not usable: %2</source>
        <translation>Le chemin de bibliothèque Jsonnet « %1 » est inutilisable : %2</translation>
    </message>
    <message>
        <source>%1: Jsonnet evaluation failed: %2</source>
        <translation>%1 : échec de l’évaluation Jsonnet : %2</translation>
    </message>
    <message>
        <source>%1: Jsonnet produced invalid JSON: %2</source>
        <translation>%1 : Jsonnet a produit un JSON invalide : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::KustomizeSource</name>
    <message>
        <source>%1: %2 refers to the absolute path &apos;%3&apos;; only paths inside the repository are allowed.</source>
        <translation>%1 : %2 désigne le chemin absolu « %3 » ; seuls les chemins dans le dépôt sont autorisés.</translation>
    </message>
    <message>
        <source>%1: %2 refers to &apos;%3&apos;, which is outside the repository.</source>
        <translation>%1 : %2 désigne « %3 », qui est hors du dépôt.</translation>
    </message>
    <message>
        <source>Cannot read the kustomization.</source>
        <translation>Impossible de lire la kustomization.</translation>
    </message>
    <message>
        <source>Cannot write the kustomization.</source>
        <translation>Impossible d’écrire la kustomization.</translation>
    </message>
    <message>
        <source>kustomize is not installed: Kustomize applications need kustomize or kubectl on the PATH of the Capstan server.</source>
        <translation>kustomize n’est pas installé : les applications Kustomize ont besoin de kustomize ou de kubectl dans le PATH du serveur Capstan.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::LocalRepositories</name>
    <message>
        <source>local repositories are not allowed on this server: &apos;%1&apos; is on the server&apos;s disk%2</source>
        <translation>les dépôts locaux ne sont pas autorisés sur ce serveur : « %1 » se trouve sur le disque du serveur%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is outside the folders allowed for local repositories (%2)%3</source>
        <translation>« %1 » est en dehors des dossiers autorisés pour les dépôts locaux (%2)%3</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::ManifestGenerator</name>
    <message>
        <source>spec.source.path: the absolute path &apos;%1&apos; is not allowed; the path is relative to the repository root.</source>
        <translation>spec.source.path : le chemin absolu « %1 » n’est pas autorisé ; le chemin est relatif à la racine du dépôt.</translation>
    </message>
    <message>
        <source>spec.source.path: &apos;%1&apos; leads outside the repository.</source>
        <translation>spec.source.path : « %1 » sort du dépôt.</translation>
    </message>
    <message>
        <source>spec.source.path: &apos;%1&apos; is not a folder at commit %2.</source>
        <translation>spec.source.path : « %1 » n’est pas un dossier au commit %2.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::ManifestParser</name>
    <message>
        <source>the document is nested too deeply</source>
        <translation>le document est trop profondément imbriqué</translation>
    </message>
    <message>
        <source>a mapping key must be a plain value</source>
        <translation>une clé doit être une valeur simple</translation>
    </message>
    <message>
        <source>&apos;&lt;&lt;&apos; must merge a mapping</source>
        <translation>« &lt;&lt; » doit fusionner un dictionnaire</translation>
    </message>
    <message>
        <source>not a Kubernetes object: expected a mapping with apiVersion and kind</source>
        <translation>pas un objet Kubernetes : un dictionnaire avec apiVersion et kind est attendu</translation>
    </message>
    <message>
        <source>not a Kubernetes object: &apos;apiVersion&apos; is missing</source>
        <translation>pas un objet Kubernetes : « apiVersion » manque</translation>
    </message>
    <message>
        <source>not a Kubernetes object: &apos;kind&apos; is missing</source>
        <translation>pas un objet Kubernetes : « kind » manque</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::RepositoryTree</name>
    <message>
        <source>&apos;%1&apos; is not a commit SHA.</source>
        <translation>« %1 » n’est pas un SHA de commit.</translation>
    </message>
    <message>
        <source>Commit %1 is not in the repository.</source>
        <translation>Le commit %1 n’est pas dans le dépôt.</translation>
    </message>
    <message>
        <source>Cannot read the tree of commit %1.</source>
        <translation>Impossible de lire l’arborescence du commit %1.</translation>
    </message>
    <message>
        <source>Cannot list the files of commit %1.</source>
        <translation>Impossible de lister les fichiers du commit %1.</translation>
    </message>
    <message>
        <source>The absolute path &apos;%1&apos; is not allowed; paths are relative to the repository root.</source>
        <translation>Le chemin absolu « %1 » n’est pas autorisé ; les chemins sont relatifs à la racine du dépôt.</translation>
    </message>
    <message>
        <source>The symlink &apos;%1&apos; points outside the repository.</source>
        <translation>Le lien symbolique « %1 » pointe hors du dépôt.</translation>
    </message>
    <message>
        <source>The path &apos;%1&apos; leads outside the repository.</source>
        <translation>Le chemin « %1 » sort du dépôt.</translation>
    </message>
    <message>
        <source>Too many levels of symlinks at &apos;%1&apos;.</source>
        <translation>Trop de niveaux de liens symboliques à « %1 ».</translation>
    </message>
    <message>
        <source>The symlink &apos;%1&apos; points outside the repository (to an absolute path).</source>
        <translation>Le lien symbolique « %1 » pointe hors du dépôt (vers un chemin absolu).</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos; at commit %2.</source>
        <translation>Impossible de lire « %1 » au commit %2.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not exist at commit %2.</source>
        <translation>« %1 » n’existe pas au commit %2.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a file at commit %2.</source>
        <translation>« %1 » n’est pas un fichier au commit %2.</translation>
    </message>
    <message>
        <source>The repository contains a symlink that points outside it: &apos;%1&apos;.</source>
        <translation>Le dépôt contient un lien symbolique qui pointe hors de lui : « %1 ».</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos; into a temporary folder.</source>
        <translation>Impossible d’écrire « %1 » dans un dossier temporaire.</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::SourceOptions</name>
    <message>
        <source>must be a string</source>
        <translation>doit être une chaîne</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>doit valoir true ou false</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>doit être une liste</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>doit être un objet</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>est obligatoire</translation>
    </message>
    <message>
        <source>needs both a name and a path</source>
        <translation>exige un nom et un chemin</translation>
    </message>
    <message>
        <source>config management plugins are not supported</source>
        <translation>les plugins de gestion de configuration ne sont pas pris en charge</translation>
    </message>
    <message>
        <source>only one of %1 may be set</source>
        <translation>un seul parmi %1 peut être défini</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::ToolRunner</name>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 n’a pas pu être lancé : %2</translation>
    </message>
    <message>
        <source>%1 did not finish within %2 s and was stopped.</source>
        <translation>%1 n’a pas terminé en %2 s et a été arrêté.</translation>
    </message>
    <message>
        <source>%1 produced more than %2 MB of output and was stopped.</source>
        <translation>%1 a produit plus de %2 Mo de sortie et a été arrêté.</translation>
    </message>
    <message>
        <source>%1 produced more than %2 MB of output.</source>
        <translation>%1 a produit plus de %2 Mo de sortie.</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>code de sortie %1</translation>
    </message>
    <message>
        <source>it crashed</source>
        <translation>il a planté</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>échec de %1 : %2</translation>
    </message>
</context>
<context>
    <name>Capstan::Source::Workspace</name>
    <message>
        <source>Cannot create a temporary folder: %1</source>
        <translation>Impossible de créer un dossier temporaire : %1</translation>
    </message>
</context>
<context>
    <name>Capstan::Store::Database</name>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>cannot create the database &quot;%1&quot;: %2</source>
        <translation>impossible de créer la base &quot;%1&quot; : %2</translation>
    </message>
    <message>
        <source>cannot open the database &quot;%1&quot;</source>
        <translation>impossible d’ouvrir la base &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the database &quot;%1&quot; is damaged or not a Capstan database: %2</source>
        <translation>la base &quot;%1&quot; est endommagée ou n’est pas une base Capstan : %2</translation>
    </message>
    <message>
        <source>the database &quot;%1&quot; is damaged: %2</source>
        <translation>la base &quot;%1&quot; est endommagée : %2</translation>
    </message>
    <message>
        <source>cannot turn on write-ahead logging for &quot;%1&quot; (is it on a network file system?)</source>
        <translation>impossible d’activer la journalisation anticipée pour &quot;%1&quot; (est-elle sur un système de fichiers réseau ?)</translation>
    </message>
    <message>
        <source>the database &quot;%1&quot; was written by a newer Capstan (schema version %2; this one knows versions up to %3)</source>
        <translation>la base &quot;%1&quot; a été écrite par un Capstan plus récent (schéma version %2 ; celui-ci connaît les versions jusqu’à %3)</translation>
    </message>
    <message>
        <source>cannot begin a transaction</source>
        <translation>impossible de commencer une transaction</translation>
    </message>
    <message>
        <source>cannot commit</source>
        <translation>impossible de valider</translation>
    </message>
</context>
<context>
    <name>Capstan::Store::Store</name>
    <message>
        <source>%1 is invalid: %2</source>
        <translation>%1 n’est pas valide : %2</translation>
    </message>
    <message>
        <source>application &quot;%1&quot;</source>
        <translation>l’application &quot;%1&quot;</translation>
    </message>
    <message>
        <source>project &quot;%1&quot;</source>
        <translation>le projet &quot;%1&quot;</translation>
    </message>
    <message>
        <source>repository &quot;%1&quot;</source>
        <translation>le dépôt &quot;%1&quot;</translation>
    </message>
    <message>
        <source>repository credentials &quot;%1&quot;</source>
        <translation>les identifiants de dépôt &quot;%1&quot;</translation>
    </message>
    <message>
        <source>cluster &quot;%1&quot;</source>
        <translation>le cluster &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1 not found</source>
        <translation>%1 est introuvable</translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation>%1 existe déjà</translation>
    </message>
    <message>
        <source>%1 was changed by someone else (resourceVersion %2, now %3); read it again and retry</source>
        <translation>%1 a été modifié entre-temps (resourceVersion %2, maintenant %3) ; relisez-le et réessayez</translation>
    </message>
    <message numerus="yes">
        <source>project is referenced by %n application(s)</source>
        <translation>
            <numerusform>le projet est utilisé par %n application</numerusform>
            <numerusform>le projet est utilisé par %n applications</numerusform>
        </translation>
    </message>
    <message>
        <source>a cluster named &quot;%1&quot; already exists (%2)</source>
        <translation>un cluster nommé &quot;%1&quot; existe déjà (%2)</translation>
    </message>
</context>
<context>
    <name>Capstan::Sync::KubeOperations</name>
    <message>
        <source>%1 kept changing while it was applied; gave up after %2 attempts</source>
        <translation>%1 n&apos;a cessé de changer pendant son application ; abandon après %2 tentatives</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncDialog</name>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Sync %1</source>
        <translation>Synchroniser %1</translation>
    </message>
    <message numerus="yes">
        <source>Sync %n Applications</source>
        <translation>
            <numerusform>Synchroniser %n application</numerusform>
            <numerusform>Synchroniser %n applications</numerusform>
        </translation>
    </message>
    <message>
        <source>Synchronize %1</source>
        <translation>Synchroniser %1</translation>
    </message>
    <message numerus="yes">
        <source>Synchronize %n applications: %1</source>
        <translation>
            <numerusform>Synchroniser %n application : %1</numerusform>
            <numerusform>Synchroniser %n applications : %1</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Aperçu</translation>
    </message>
    <message>
        <source>Run a dry-run sync with these options and show what it would do</source>
        <translation>Lancer une simulation avec ces options et montrer ce qu’elle ferait</translation>
    </message>
    <message>
        <source>&amp;Synchronize</source>
        <translation>&amp;Synchroniser</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>&amp;Interrompre</translation>
    </message>
    <message>
        <source>Stop the running operation</source>
        <translation>Interrompre l’opération en cours</translation>
    </message>
    <message>
        <source>← &amp;Options</source>
        <translation>← &amp;Options</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>A branch, a tag or a commit; the application&apos;s target revision by default</source>
        <translation>Une branche, une étiquette ou un commit ; par défaut la révision cible de l’application</translation>
    </message>
    <message>
        <source>&amp;Revision:</source>
        <translation>&amp;Révision :</translation>
    </message>
    <message>
        <source>Each application syncs to its own target revision</source>
        <translation>Chaque application se synchronise sur sa propre révision cible</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>Pr&amp;une</source>
        <translation>É&amp;laguer</translation>
    </message>
    <message>
        <source>Delete the resources that are no longer in Git</source>
        <translation>Supprimer les ressources qui ne sont plus dans Git</translation>
    </message>
    <message>
        <source>&amp;Dry run</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <source>Run the sync without changing anything in the cluster</source>
        <translation>Exécuter la synchronisation sans rien modifier dans le cluster</translation>
    </message>
    <message>
        <source>Apply &amp;out-of-sync only</source>
        <translation>N’appliquer que les ressources &amp;désynchronisées</translation>
    </message>
    <message>
        <source>Apply only the resources that differ, not every resource</source>
        <translation>N’appliquer que les ressources qui diffèrent, pas toutes</translation>
    </message>
    <message>
        <source>&amp;Force</source>
        <translation>&amp;Forcer</translation>
    </message>
    <message>
        <source>Delete and create again what cannot be patched (kubectl apply --force)</source>
        <translation>Supprimer et recréer ce qui ne peut être patché (kubectl apply --force)</translation>
    </message>
    <message>
        <source>R&amp;eplace</source>
        <translation>R&amp;emplacer</translation>
    </message>
    <message>
        <source>Replace the resources instead of applying them</source>
        <translation>Remplacer les ressources au lieu de les appliquer</translation>
    </message>
    <message>
        <source>Server-side &amp;apply</source>
        <translation>&amp;Application côté serveur</translation>
    </message>
    <message>
        <source>Let the API server merge the changes (kubectl apply --server-side)</source>
        <translation>Laisser le serveur d’API fusionner les modifications (kubectl apply --server-side)</translation>
    </message>
    <message>
        <source>Create &amp;namespace</source>
        <translation>Créer le &amp;namespace</translation>
    </message>
    <message>
        <source>Create the destination namespace if it does not exist</source>
        <translation>Créer le namespace de destination s’il n’existe pas</translation>
    </message>
    <message>
        <source>Prune &amp;last</source>
        <translation>Élaguer en &amp;dernier</translation>
    </message>
    <message>
        <source>Prune after every other resource was applied and is healthy</source>
        <translation>Élaguer après que toutes les autres ressources ont été appliquées et sont saines</translation>
    </message>
    <message>
        <source>Re&amp;try when the sync fails</source>
        <translation>Ré&amp;essayer quand la synchronisation échoue</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressources</translation>
    </message>
    <message>
        <source>A&amp;ll</source>
        <translation>&amp;Toutes</translation>
    </message>
    <message>
        <source>Out of s&amp;ync</source>
        <translation>Dés&amp;ynchronisées</translation>
    </message>
    <message>
        <source>N&amp;one</source>
        <translation>&amp;Aucune</translation>
    </message>
    <message>
        <source>Select a resource to see its diff.</source>
        <translation>Sélectionnez une ressource pour voir son diff.</translation>
    </message>
    <message>
        <source>%1 %2 is live as desired.</source>
        <translation>%1 %2 est en direct tel que souhaité.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Souhaité</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Comparaison…</translation>
    </message>
    <message>
        <source>No diff for this resource.</source>
        <translation>Aucun diff pour cette ressource.</translation>
    </message>
    <message>
        <source>Check at least one resource.</source>
        <translation>Cochez au moins une ressource.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n resource(s) checked</source>
        <translation>
            <numerusform>%1 ressource cochée sur %n</numerusform>
            <numerusform>%1 ressources cochées sur %n</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Dry Run</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <source>&amp;Synchronize Now</source>
        <translation>&amp;Synchroniser maintenant</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>&lt;b&gt;Preview&lt;/b&gt;: starting a dry run…</source>
        <translation>&lt;b&gt;Aperçu&lt;/b&gt; : lancement d’une simulation…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Starting&lt;/b&gt;…</source>
        <translation>&lt;b&gt;Démarrage&lt;/b&gt;…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>The connection is gone.</source>
        <translation>La connexion n’existe plus.</translation>
    </message>
    <message>
        <source>%1 was not terminated: %2</source>
        <translation>%1 n’a pas été interrompue : %2</translation>
    </message>
    <message>
        <source>Preview (dry run)</source>
        <translation>Aperçu (simulation)</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 of %n application(s) done</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; : %2 application sur %n terminée</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; : %2 applications sur %n terminées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 succeeded&lt;/b&gt; for all %n application(s).</source>
        <translation>
            <numerusform>&lt;b&gt;%1 réussi&lt;/b&gt; pour %n application.</numerusform>
            <numerusform>&lt;b&gt;%1 réussi&lt;/b&gt; pour les %n applications.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1 failed&lt;/b&gt; for %2 of %n application(s): select one for why.</source>
        <translation>
            <numerusform>&lt;b&gt;%1 échoué&lt;/b&gt; pour %2 application sur %n : sélectionnez-la pour savoir pourquoi.</numerusform>
            <numerusform>&lt;b&gt;%1 échoué&lt;/b&gt; pour %2 applications sur %n : sélectionnez-en une pour savoir pourquoi.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;i&gt;Synchronize Now&lt;/i&gt; applies it.</source>
        <translation>&lt;i&gt;Synchroniser maintenant&lt;/i&gt; l’applique.</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncProgress</name>
    <message numerus="yes">
        <source>%n changed</source>
        <translation>
            <numerusform>%n modifiée</numerusform>
            <numerusform>%n modifiées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n inchangée</numerusform>
            <numerusform>%n inchangées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pruned</source>
        <translation>
            <numerusform>%n élaguée</numerusform>
            <numerusform>%n élaguées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not pruned</source>
        <translation>
            <numerusform>%n non élaguée</numerusform>
            <numerusform>%n non élaguées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n en cours</numerusform>
            <numerusform>%n en cours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n en échec</numerusform>
            <numerusform>%n en échec</numerusform>
        </translation>
    </message>
    <message>
        <source>No resources were synced.</source>
        <translation>Aucune ressource n’a été synchronisée.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2 : %3</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncRequest</name>
    <message>
        <source>&quot;%1&quot; is not a duration: write it as 5s, 3m or 1h30m.</source>
        <translation>« %1 » n’est pas une durée : écrivez-la comme 5s, 3m ou 1h30m.</translation>
    </message>
    <message>
        <source>The factor must be 1 or more.</source>
        <translation>Le facteur doit être 1 ou plus.</translation>
    </message>
    <message>
        <source>The longest wait is shorter than the first one.</source>
        <translation>L’attente la plus longue est plus courte que la première.</translation>
    </message>
    <message>
        <source>The limit must be -1 (retry forever), 0 (never) or more.</source>
        <translation>La limite doit être -1 (réessayer indéfiniment), 0 (jamais) ou plus.</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncResourcesModel</name>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Vague</translation>
    </message>
</context>
<context>
    <name>Capstan::SyncResultsModel</name>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Modifiée</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Inchangée</translation>
    </message>
    <message>
        <source>Pruned</source>
        <translation>Élaguée</translation>
    </message>
    <message>
        <source>Not pruned</source>
        <translation>Non élaguée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>%1 (%2 hook)</source>
        <translation>%1 (hook %2)</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Vague</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
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
    <name>ResourceGraphView</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>click to collapse</source>
        <translation>cliquer pour replier</translation>
    </message>
    <message>
        <source>click to expand</source>
        <translation>cliquer pour déplier</translation>
    </message>
    <message>
        <source>Laying out the resources…</source>
        <translation>Disposition des ressources…</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation>Dézoomer (Ctrl+molette)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation>Zoomer (Ctrl+molette)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>Centrer</translation>
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
    <message>
        <source>admin&apos;s initial password: %1 (kept in %2 until it is changed)</source>
        <translation>mot de passe initial d’admin : %1 (conservé dans %2 jusqu’à son changement)</translation>
    </message>
    <message>
        <source>Read Argo CD&apos;s settings from FILE: YAML or JSON with the ConfigMaps argocd-cm and argocd-rbac-cm (accounts, RBAC policy, …).</source>
        <translation>Lire les réglages d’Argo CD dans FILE : YAML ou JSON avec les ConfigMaps argocd-cm et argocd-rbac-cm (comptes, politique RBAC, …).</translation>
    </message>
    <message>
        <source>Serve HTTPS with the PEM certificate chain in FILE (with --tls-key).</source>
        <translation>Servir en HTTPS avec la chaîne de certificats PEM de FILE (avec --tls-key).</translation>
    </message>
    <message>
        <source>The PEM private key of --tls-cert.</source>
        <translation>La clé privée PEM de --tls-cert.</translation>
    </message>
    <message>
        <source>Serve plain HTTP, without TLS. Only on a loopback address, unless --insecure-any-address is given too.</source>
        <translation>Servir en HTTP simple, sans TLS. Uniquement sur une adresse de bouclage, sauf si --insecure-any-address est aussi donné.</translation>
    </message>
    <message>
        <source>Allow --insecure on an address other hosts can reach.</source>
        <translation>Autoriser --insecure sur une adresse que d’autres machines atteignent.</translation>
    </message>
    <message>
        <source>Serve the cluster of FILE&apos;s current context (or --context) as in-cluster, instead of the local control plane.</source>
        <translation>Servir le cluster du contexte courant de FILE (ou --context) comme in-cluster, au lieu du plan de contrôle local.</translation>
    </message>
    <message>
        <source>The context of --kubeconfig to use.</source>
        <translation>Le contexte de --kubeconfig à utiliser.</translation>
    </message>
    <message>
        <source>Compare every app again this often, as 180s or 3m (default: 180s).</source>
        <translation>Comparer de nouveau chaque application à cet intervalle, comme 180s ou 3m (par défaut : 180s).</translation>
    </message>
    <message>
        <source>debug, info, warn or error (default: info).</source>
        <translation>debug, info, warn ou error (par défaut : info).</translation>
    </message>
    <message>
        <source>text, or json for one JSON object per line (default: text).</source>
        <translation>text, ou json pour un objet JSON par ligne (par défaut : text).</translation>
    </message>
    <message>
        <source>--log-format: &quot;%1&quot; is not text or json</source>
        <translation>--log-format : « %1 » n’est ni text ni json</translation>
    </message>
    <message>
        <source>--log-level: &quot;%1&quot; is not debug, info, warn or error</source>
        <translation>--log-level : « %1 » n’est pas debug, info, warn ou error</translation>
    </message>
    <message>
        <source>--reconciliation-timeout: &quot;%1&quot; is not a duration of a second or more, as 180s or 3m</source>
        <translation>--reconciliation-timeout : « %1 » n’est pas une durée d’au moins une seconde, comme 180s ou 3m</translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key go together</source>
        <translation>--tls-cert et --tls-key vont ensemble</translation>
    </message>
    <message>
        <source>--insecure serves no TLS: leave out --tls-cert</source>
        <translation>--insecure ne sert pas de TLS : retirez --tls-cert</translation>
    </message>
    <message>
        <source>--insecure serves plain HTTP, which only loopback addresses get; add --insecure-any-address to serve it on %1</source>
        <translation>--insecure sert du HTTP simple, que seules les adresses de bouclage reçoivent ; ajoutez --insecure-any-address pour le servir sur %1</translation>
    </message>
    <message>
        <source>--kubeconfig and --local-cluster exclude each other</source>
        <translation>--kubeconfig et --local-cluster s’excluent</translation>
    </message>
    <message>
        <source>--context needs --kubeconfig</source>
        <translation>--context nécessite --kubeconfig</translation>
    </message>
    <message>
        <source>--kubeconfig: %1</source>
        <translation>--kubeconfig : %1</translation>
    </message>
    <message>
        <source>--tls-cert: %1</source>
        <translation>--tls-cert : %1</translation>
    </message>
    <message>
        <source>--config: %1</source>
        <translation>--config : %1</translation>
    </message>
    <message>
        <source>TLS: %1</source>
        <translation>TLS : %1</translation>
    </message>
    <message>
        <source>Serve Git repositories on this machine (file:// URLs and paths) that lie below DIR; repeat it, or separate folders with commas. Without it none are served.</source>
        <translation>Servir les dépôts Git de cette machine (URL file:// et chemins) situés sous DIR ; à répéter, ou séparer les dossiers par des virgules. Sans cette option, aucun n’est servi.</translation>
    </message>
    <message>
        <source>--allow-local-repositories: &apos;%1&apos; is not a folder</source>
        <translation>--allow-local-repositories : « %1 » n’est pas un dossier</translation>
    </message>
    <message>
        <source>start capstan-server with --allow-local-repositories DIR to serve the repositories below DIR</source>
        <translation>démarrez capstan-server avec --allow-local-repositories DIR pour servir les dépôts situés sous DIR</translation>
    </message>
</context>
</TS>
