<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountSettingsDialog</name>
    <message>
        <source>Mail Accounts</source>
        <translation>メールアカウント</translation>
    </message>
    <message>
        <source>&amp;Add Account…</source>
        <translation>アカウントを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>Email address:</source>
        <translation>メールアドレス:</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>&amp;Save Changes</source>
        <translation>変更を保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>接続をテスト(&amp;T)</translation>
    </message>
    <message>
        <source>Change &amp;Incoming Password…</source>
        <translation>受信パスワードを変更(&amp;I)…</translation>
    </message>
    <message>
        <source>Change &amp;Outgoing Password…</source>
        <translation>送信パスワードを変更(&amp;O)…</translation>
    </message>
    <message>
        <source>Send from This Account by &amp;Default</source>
        <translation>このアカウントを既定の送信元にする(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Remove Account…</source>
        <translation>アカウントを削除(&amp;R)…</translation>
    </message>
    <message>
        <source>  (default)</source>
        <translation>  (既定)</translation>
    </message>
    <message>
        <source>No accounts yet: add one.</source>
        <translation>アカウントがまだありません。追加してください。</translation>
    </message>
    <message>
        <source>New mail is sent from this account unless you choose another.</source>
        <translation>別のアカウントを選ばない限り、新しいメールはこのアカウントから送信されます。</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>変更を保存しました。</translation>
    </message>
    <message>
        <source>Incoming Password</source>
        <translation>受信パスワード</translation>
    </message>
    <message>
        <source>Outgoing Password</source>
        <translation>送信パスワード</translation>
    </message>
    <message>
        <source>New password for {name}:</source>
        <translation>{name} の新しいパスワード:</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>パスワードを変更しました。</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>アカウントの削除</translation>
    </message>
    <message>
        <source>Remove “{name}” and the mail downloaded for it from this computer? Mail on the server is not touched.</source>
        <translation>「{name}」と、このアカウントでダウンロードしたメールをこのコンピューターから削除しますか?サーバー上のメールはそのまま残ります。</translation>
    </message>
</context>
<context>
    <name>AccountWizard</name>
    <message>
        <source>Add Mail Account</source>
        <translation>メールアカウントの追加</translation>
    </message>
    <message>
        <source>&amp;Add Account</source>
        <translation>アカウントを追加(&amp;A)</translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation>アカウント名を入力してください。</translation>
    </message>
    <message>
        <source>An account named “{name}” already exists.</source>
        <translation>「{name}」という名前のアカウントはすでにあります。</translation>
    </message>
    <message>
        <source>&amp;Save Anyway</source>
        <translation>このまま保存(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ActivitiesPage</name>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>相手</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>今後の予定</translation>
    </message>
    <message>
        <source>High priority</source>
        <translation>優先度: 高</translation>
    </message>
</context>
<context>
    <name>AttachmentList</name>
    <message>
        <source>Attachments</source>
        <translation>添付ファイル</translation>
    </message>
    <message>
        <source>&amp;Attach…</source>
        <translation>添付(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>Save All…</source>
        <translation>すべて保存…</translation>
    </message>
    <message>
        <source>1 attachment · {size}</source>
        <translation>添付ファイル 1 件 · {size}</translation>
    </message>
    <message>
        <source>{count} attachments · {size}</source>
        <translation>添付ファイル {count} 件 · {size}</translation>
    </message>
    <message>
        <source>Attachments: </source>
        <translation>添付ファイル: </translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>開く(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save &amp;All…</source>
        <translation>すべて保存(&amp;A)…</translation>
    </message>
    <message>
        <source>No program is set up to open {name}</source>
        <translation>{name} を開くプログラムが設定されていません</translation>
    </message>
    <message>
        <source>Open a program?</source>
        <translation>プログラムを開きますか?</translation>
    </message>
    <message>
        <source>“{name}” can run as a program on this computer. Files like this are a common way to spread malware. Open it only if you expected it from this sender.

Open it anyway?</source>
        <translation>「{name}」はこのコンピューター上でプログラムとして実行される可能性があります。この種のファイルはマルウェアの拡散によく使われます。この差出人から届く予定だった場合にのみ開いてください。

それでも開きますか?</translation>
    </message>
    <message>
        <source>Save Attachment</source>
        <translation>添付ファイルの保存</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>{path} に保存しました</translation>
    </message>
    <message>
        <source>Save All Attachments</source>
        <translation>すべての添付ファイルを保存</translation>
    </message>
    <message>
        <source>Saved {count} attachments in {folder}</source>
        <translation>{folder} に添付ファイルを {count} 件保存しました</translation>
    </message>
    <message>
        <source>Could not write the attachment: {error}</source>
        <translation>添付ファイルを書き込めませんでした: {error}</translation>
    </message>
</context>
<context>
    <name>BodyParts</name>
    <message>
        <source>{count} more parts of this message are not shown here; View ▸ Message Source shows all of it.</source>
        <translation>このメールの残り {count} 個のパートはここに表示されていません。すべて見るには「表示 ▸ メールのソース」を使ってください。</translation>
    </message>
    <message>
        <source>Message body, part {number} of {count}</source>
        <translation>本文 ({count} 個中 {number} 個目のパート)</translation>
    </message>
    <message>
        <source>Message body</source>
        <translation>本文</translation>
    </message>
</context>
<context>
    <name>CallForm</name>
    <message>
        <source>Log a call</source>
        <translation>通話を記録</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>発信</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>着信</translation>
    </message>
    <message>
        <source> min</source>
        <translation>分</translation>
    </message>
    <message>
        <source>e.g. Interested, call back in May</source>
        <translation>例: 興味あり、5月に再度電話</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>発着信</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>通話時間</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>CompaniesPage</name>
    <message>
        <source>Company</source>
        <translation>取引先名</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Web サイト</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>取引先責任者</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商談</translation>
    </message>
    <message>
        <source>Search companies</source>
        <translation>取引先を検索</translation>
    </message>
    <message>
        <source>No companies yet. They are made from the company name of contacts.</source>
        <translation>取引先はまだありません。取引先責任者の会社名から作成されます。</translation>
    </message>
</context>
<context>
    <name>CompanyDetail</name>
    <message>
        <source>COMPANY</source>
        <translation>取引先</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>取引先責任者</translation>
    </message>
    <message>
        <source>No contacts</source>
        <translation>取引先責任者なし</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商談</translation>
    </message>
    <message>
        <source>No deals</source>
        <translation>商談なし</translation>
    </message>
</context>
<context>
    <name>ComposeController</name>
    <message>
        <source>&amp;New Message</source>
        <translation>新規メール(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>返信(&amp;R)</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>全員に返信(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>転送(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Drafts…</source>
        <translation>下書き(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Undo Send</source>
        <translation>送信を取り消す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Compose</source>
        <translation>作成(&amp;C)</translation>
    </message>
    <message>
        <source>Only the headers of this message are on this computer: the reply quotes nothing and a forward has no attachments.</source>
        <translation>このコンピューターにはこのメールのヘッダーしかないため、返信には引用が入らず、転送には添付ファイルが付きません。</translation>
    </message>
    <message>
        <source>Message queued in the outbox.</source>
        <translation>メールを送信トレイに入れました。</translation>
    </message>
    <message>
        <source>Too late to undo: {reason}</source>
        <translation>送信を取り消せませんでした: {reason}</translation>
    </message>
    <message>
        <source>Sending undone. The message is open again.</source>
        <translation>送信を取り消しました。メールを再び開いています。</translation>
    </message>
    <message>
        <source>{count} unsent messages were open when Kizuna last stopped.</source>
        <translation>前回 Kizuna が終了したとき、未送信のメールが {count} 件開いていました。</translation>
    </message>
</context>
<context>
    <name>ComposeWindow</name>
    <message>
        <source>&amp;Send</source>
        <translation>送信(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;Draft</source>
        <translation>下書き保存(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Attach Files…</source>
        <translation>ファイルを添付(&amp;A)…</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>メール作成</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>メール(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>閉じる(&amp;C)</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>差出人:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>宛先:</translation>
    </message>
    <message>
        <source>Cc:</source>
        <translation>Cc:</translation>
    </message>
    <message>
        <source>Bcc:</source>
        <translation>Bcc:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>件名:</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>New Message</source>
        <translation>新規メール</translation>
    </message>
    <message>
        <source>Attach Files</source>
        <translation>ファイルを添付</translation>
    </message>
    <message>
        <source>Save Draft?</source>
        <translation>下書きを保存しますか?</translation>
    </message>
    <message>
        <source>Save this message as a draft before closing?</source>
        <translation>閉じる前にこのメールを下書きとして保存しますか?</translation>
    </message>
    <message>
        <source>&amp;Save Draft</source>
        <translation>下書きを保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>破棄(&amp;D)</translation>
    </message>
</context>
<context>
    <name>ConnectionResults</name>
    <message>
        <source>Connecting…</source>
        <translation>接続しています…</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>送信</translation>
    </message>
</context>
<context>
    <name>ConversationEntry</name>
    <message>
        <source>(unknown sender)</source>
        <translation>(差出人不明)</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>{count} earlier messages are not shown</source>
        <translation>以前のメール {count} 件は表示されていません</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
</context>
<context>
    <name>ConvertForm</name>
    <message>
        <source>Convert to contact</source>
        <translation>取引先責任者に変換</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>変換</translation>
    </message>
    <message>
        <source>Create the company record</source>
        <translation>取引先を作成する</translation>
    </message>
    <message>
        <source>Create a deal</source>
        <translation>商談を作成</translation>
    </message>
    <message>
        <source>Deal name</source>
        <translation>商談名</translation>
    </message>
    <message>
        <source>Activities and linked mail move to the new contact.</source>
        <translation>活動と関連付けられたメールは新しい取引先責任者に移ります。</translation>
    </message>
    <message>
        <source>Name the deal, or untick “Create a deal”</source>
        <translation>商談名を入力するか、「商談を作成」のチェックを外してください</translation>
    </message>
</context>
<context>
    <name>Crm</name>
    <message>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>予定</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>連絡済み</translation>
    </message>
    <message>
        <source>Qualified</source>
        <translation>有望</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>失注</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>変換済み</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>Needs Analysis</source>
        <translation>ニーズ分析</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>提案・見積もり</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>交渉</translation>
    </message>
    <message>
        <source>Closed Won</source>
        <translation>受注</translation>
    </message>
    <message>
        <source>Closed Lost</source>
        <translation>失注</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社名</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>役職</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
</context>
<context>
    <name>CrmMode</name>
    <message>
        <source>Mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>C&amp;RM</source>
        <translation>CRM(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Mail</source>
        <translation>メール(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Leads</source>
        <translation>リード(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>取引先責任者(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ompanies</source>
        <translation>取引先(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Deals</source>
        <translation>商談(&amp;D)</translation>
    </message>
    <message>
        <source>My &amp;Activities</source>
        <translation>自分の活動(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;ustomer Mail</source>
        <translation>顧客メール(&amp;U)</translation>
    </message>
</context>
<context>
    <name>CrmSidebar</name>
    <message>
        <source>Open a message to see who sent it</source>
        <translation>メールを開くと差出人の情報が表示されます</translation>
    </message>
</context>
<context>
    <name>CrmViews</name>
    <message>
        <source>Leads</source>
        <translation>リード</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>取引先責任者</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>取引先</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商談</translation>
    </message>
    <message>
        <source>My Activities</source>
        <translation>自分の活動</translation>
    </message>
    <message>
        <source>Customer Mail</source>
        <translation>顧客メール</translation>
    </message>
</context>
<context>
    <name>CustomerMailPage</name>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>From</source>
        <translation>差出人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>Show older mail</source>
        <translation>以前のメールを表示</translation>
    </message>
    <message>
        <source>No mail from or to your leads and contacts yet</source>
        <translation>リードや取引先責任者とのメールはまだありません</translation>
    </message>
</context>
<context>
    <name>DealForm</name>
    <message>
        <source>New deal</source>
        <translation>新しい商談</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>商談名</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <source>Closes</source>
        <translation>完了予定日</translation>
    </message>
</context>
<context>
    <name>DealList</name>
    <message>
        <source>Move to stage</source>
        <translation>ステージを移動</translation>
    </message>
</context>
<context>
    <name>DealTable</name>
    <message>
        <source>Deal</source>
        <translation>商談名</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>取引先責任者</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>ステージ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Closes</source>
        <translation>完了予定日</translation>
    </message>
    <message>
        <source>No deals yet. Open a contact and choose +Deal.</source>
        <translation>商談はまだありません。取引先責任者を開いて「+商談」を選んでください。</translation>
    </message>
</context>
<context>
    <name>DealsPage</name>
    <message>
        <source>List</source>
        <translation>一覧</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>パイプライン</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <source>Drafts</source>
        <translation>下書き</translation>
    </message>
    <message>
        <source>No drafts. Messages you write are saved here until you send them.</source>
        <translation>下書きはありません。書きかけのメールは送信するまでここに保存されます。</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>開く(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>破棄(&amp;D)</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>(no recipient)</source>
        <translation>(宛先なし)</translation>
    </message>
</context>
<context>
    <name>EventForm</name>
    <message>
        <source>New event</source>
        <translation>新しい予定</translation>
    </message>
    <message>
        <source>e.g. Product demo</source>
        <translation>例: 製品デモ</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>場所</translation>
    </message>
</context>
<context>
    <name>FolderPickerDialog</name>
    <message>
        <source>Move to Folder</source>
        <translation>フォルダーに移動</translation>
    </message>
    <message>
        <source>Type to filter folders</source>
        <translation>入力してフォルダーを絞り込み</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移動</translation>
    </message>
</context>
<context>
    <name>FolderTreeModel</name>
    <message>
        <source>Inbox</source>
        <translation>受信トレイ</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>下書き</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>アーカイブ</translation>
    </message>
    <message>
        <source>Junk</source>
        <translation>迷惑メール</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>ごみ箱</translation>
    </message>
    <message>
        <source>{name}: {unread} unread of {total}</source>
        <translation>{name}: {total} 件中 {unread} 件未読</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <source>Your mail account</source>
        <translation>メールアカウント</translation>
    </message>
    <message>
        <source>Kizuna fills in the servers of common providers for you.</source>
        <translation>主なメールサービスのサーバー設定は Kizuna が自動で入力します。</translation>
    </message>
    <message>
        <source>The name people see, e.g. 佐藤 健</source>
        <translation>相手に表示される名前 (例: 佐藤 健)</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Email address:</source>
        <translation>メールアドレス:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>{provider}: the servers will be filled in.</source>
        <translation>{provider}: サーバー設定を自動で入力します。</translation>
    </message>
</context>
<context>
    <name>InlineForm</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>システムの設定に従う</translation>
    </message>
    <message>
        <source>The new language is used from the next start of Kizuna.</source>
        <translation>新しい言語は Kizuna の次回起動時から使われます。</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Nothing here yet</source>
        <translation>まだ何もありません</translation>
    </message>
    <message>
        <source>Select a row to see it here</source>
        <translation>行を選ぶとここに詳細が表示されます</translation>
    </message>
</context>
<context>
    <name>MailEngine</name>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add Account…</source>
        <translation>アカウントを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>A&amp;ccounts…</source>
        <translation>アカウント(&amp;C)…</translation>
    </message>
    <message>
        <source>Check for &amp;Mail</source>
        <translation>メールの確認(&amp;M)</translation>
    </message>
    <message>
        <source>Every {minutes} Minutes</source>
        <translation>{minutes} 分ごと</translation>
    </message>
    <message>
        <source>Only on Request and New Inbox Mail</source>
        <translation>手動と受信トレイの新着時のみ</translation>
    </message>
</context>
<context>
    <name>MailNotifier</name>
    <message>
        <source>&amp;Notifications</source>
        <translation>通知(&amp;N)</translation>
    </message>
    <message>
        <source>For Mail from &amp;Leads and Contacts</source>
        <translation>リードと取引先責任者からのメール(&amp;L)</translation>
    </message>
    <message>
        <source>For &amp;All New Mail</source>
        <translation>すべての新着メール(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Off</source>
        <translation>オフ(&amp;O)</translation>
    </message>
    <message>
        <source>Show Icon in System &amp;Tray</source>
        <translation>システムトレイにアイコンを表示(&amp;T)</translation>
    </message>
    <message>
        <source>{count} new messages from your leads and contacts</source>
        <translation>リードと取引先責任者から新着メール {count} 件</translation>
    </message>
    <message>
        <source>{count} new messages</source>
        <translation>新着メール {count} 件</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>{name} (contact)</source>
        <translation>{name} (取引先責任者)</translation>
    </message>
    <message>
        <source>{name} (lead)</source>
        <translation>{name} (リード)</translation>
    </message>
    <message>
        <source>Kizuna: {count} unread</source>
        <translation>Kizuna: 未読 {count} 件</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Kizuna — demo mailbox</source>
        <translation>Kizuna — デモ用メールボックス</translation>
    </message>
    <message>
        <source>Kizuna</source>
        <translation>Kizuna</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>デモデータ</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>メール一覧</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>検索(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Threaded</source>
        <translation>スレッド表示(&amp;T)</translation>
    </message>
    <message>
        <source>CRM &amp;Sidebar</source>
        <translation>CRM サイドバー(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Next Message</source>
        <translation>次のメール(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Message</source>
        <translation>前のメール(&amp;P)</translation>
    </message>
    <message>
        <source>No mail yet. Add an account, or start Kizuna with --demo to explore.</source>
        <translation>メールはまだありません。アカウントを追加するか、--demo を付けて Kizuna を起動すると試せます。</translation>
    </message>
    <message>
        <source>No messages in this folder</source>
        <translation>このフォルダーにメールはありません</translation>
    </message>
    <message>
        <source>{folder}: {unread} unread of {total}</source>
        <translation>{folder}: {total} 件中 {unread} 件未読</translation>
    </message>
    <message>
        <source>No messages match “{query}”</source>
        <translation>「{query}」に一致するメールはありません</translation>
    </message>
    <message>
        <source>{count} messages found</source>
        <translation>{count} 件見つかりました</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Mark as &amp;Read</source>
        <translation>既読にする(&amp;R)</translation>
    </message>
    <message>
        <source>Mark as &amp;Unread</source>
        <translation>未読にする(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Star / Unstar</source>
        <translation>スターを付ける/外す(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Move to Folder…</source>
        <translation>フォルダーに移動(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>アーカイブ(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>メール(&amp;M)</translation>
    </message>
    <message>
        <source>Messages can only be moved within one account.</source>
        <translation>メールは同じアカウント内でのみ移動できます。</translation>
    </message>
    <message>
        <source>Downloading this message…</source>
        <translation>このメールをダウンロードしています…</translation>
    </message>
    <message>
        <source>Only the headers of this message are on this computer, and the rest could not be downloaded:
{error}

It will be downloaded when the server can be reached again.</source>
        <translation>このコンピューターにはこのメールのヘッダーしかなく、本文をダウンロードできませんでした:
{error}

サーバーに接続できるようになったらダウンロードします。</translation>
    </message>
    <message>
        <source>Only the headers of this message are on this computer; the server no longer has the rest.</source>
        <translation>このコンピューターにはこのメールのヘッダーしかなく、サーバーにも本文が残っていません。</translation>
    </message>
</context>
<context>
    <name>MessageHeaders</name>
    <message>
        <source>From:</source>
        <translation>差出人:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>宛先:</translation>
    </message>
    <message>
        <source>Cc:</source>
        <translation>Cc:</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日時:</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>(no recipients)</source>
        <translation>(宛先なし)</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>From</source>
        <translation>差出人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>スター付き</translation>
    </message>
    <message>
        <source>Has attachments</source>
        <translation>添付ファイルあり</translation>
    </message>
    <message>
        <source>In folder {folder}</source>
        <translation>フォルダー: {folder}</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>返信済み</translation>
    </message>
</context>
<context>
    <name>MessageReader</name>
    <message>
        <source>Select a message to read it</source>
        <translation>メールを選ぶとここに表示されます</translation>
    </message>
    <message>
        <source>Message Sou&amp;rce</source>
        <translation>メールのソース(&amp;R)</translation>
    </message>
    <message>
        <source>Show &amp;Conversation</source>
        <translation>スレッドを表示(&amp;C)</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Only the headers of this message have been downloaded so far.</source>
        <translation>このメールはまだヘッダーしかダウンロードされていません。</translation>
    </message>
    <message>
        <source>This message could not be read: {error}</source>
        <translation>このメールを読み込めませんでした: {error}</translation>
    </message>
</context>
<context>
    <name>NoteForm</name>
    <message>
        <source>New note</source>
        <translation>新しいメモ</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>OutboxController</name>
    <message>
        <source>&amp;Outbox</source>
        <translation>送信トレイ(&amp;O)</translation>
    </message>
    <message>
        <source>Sending 1 message…</source>
        <translation>1 件のメールを送信しています…</translation>
    </message>
    <message>
        <source>Sending {n} messages…</source>
        <translation>{n} 件のメールを送信しています…</translation>
    </message>
    <message>
        <source>Message sent</source>
        <translation>メールを送信しました</translation>
    </message>
    <message>
        <source>{n} messages sent</source>
        <translation>{n} 件のメールを送信しました</translation>
    </message>
    <message>
        <source>&amp;Outbox ({count})</source>
        <translation>送信トレイ ({count})(&amp;O)</translation>
    </message>
    <message>
        <source>Open Outbox</source>
        <translation>送信トレイを開く</translation>
    </message>
    <message>
        <source>1 message could not be sent: {reason}</source>
        <translation>1 件のメールを送信できませんでした: {reason}</translation>
    </message>
    <message>
        <source>{n} messages could not be sent: {reason}</source>
        <translation>{n} 件のメールを送信できませんでした: {reason}</translation>
    </message>
    <message>
        <source>1 message waiting to be sent: {reason}</source>
        <translation>1 件のメールが送信待ちです: {reason}</translation>
    </message>
    <message>
        <source>{n} messages waiting to be sent: {reason}</source>
        <translation>{n} 件のメールが送信待ちです: {reason}</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>To</source>
        <translation>宛先</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>試行回数</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Waiting: {reason} — next try at {time}</source>
        <translation>待機中: {reason} — 次回 {time} に再試行</translation>
    </message>
    <message>
        <source>Queued, sends at {time}</source>
        <translation>送信予約済み: {time} に送信</translation>
    </message>
    <message>
        <source>Sent; the copy to the Sent folder waits: {reason}</source>
        <translation>送信済み。「送信済み」フォルダーへのコピーは保留中です: {reason}</translation>
    </message>
    <message>
        <source>Sent; saving a copy in Sent…</source>
        <translation>送信済み。「送信済み」にコピーを保存しています…</translation>
    </message>
    <message>
        <source>Sent ({note})</source>
        <translation>送信済み ({note})</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失敗: {reason}</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
</context>
<context>
    <name>OutboxWindow</name>
    <message>
        <source>Outbox</source>
        <translation>送信トレイ</translation>
    </message>
    <message>
        <source>Nothing waiting to be sent</source>
        <translation>送信待ちのメールはありません</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>再試行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Send Now</source>
        <translation>今すぐ送信(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Cancel and Edit…</source>
        <translation>送信を取り消して編集(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete {n} entries from the Outbox?</source>
        <translation>送信トレイから {n} 件を削除しますか?</translation>
    </message>
    <message>
        <source>Delete this entry from the Outbox?</source>
        <translation>送信トレイからこのメールを削除しますか?</translation>
    </message>
    <message>
        <source>Messages that failed are deleted without being sent.</source>
        <translation>送信に失敗したメールは送信されずに削除されます。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Search leads: name, company, email</source>
        <translation>リードを検索: 氏名、会社名、メール</translation>
    </message>
    <message>
        <source>Search contacts: name, company, email</source>
        <translation>取引先責任者を検索: 氏名、会社名、メール</translation>
    </message>
    <message>
        <source>No leads yet. Open a mail from a prospect and choose “Add as lead”.</source>
        <translation>リードはまだありません。見込み客からのメールを開いて「リードとして追加」を選んでください。</translation>
    </message>
    <message>
        <source>No contacts yet. Open a customer&apos;s mail and choose “Add as contact”.</source>
        <translation>取引先責任者はまだありません。顧客からのメールを開いて「取引先責任者として追加」を選んでください。</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>Last name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>携帯電話</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社名</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>役職</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Web サイト</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
</context>
<context>
    <name>PipelineBoard</name>
    <message>
        <source>{percent}% likely</source>
        <translation>確度 {percent}%</translation>
    </message>
    <message>
        <source>Drag to another stage</source>
        <translation>ドラッグして別のステージへ移動</translation>
    </message>
    <message>
        <source>closes {date}</source>
        <translation>完了予定 {date}</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <source>Deals</source>
        <translation>商談</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>タイムライン</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>取引先責任者</translation>
    </message>
    <message>
        <source>Lead · {status}</source>
        <translation>リード · {status}</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Edit these details</source>
        <translation>この情報を編集</translation>
    </message>
    <message>
        <source>Mobile {number}</source>
        <translation>携帯 {number}</translation>
    </message>
    <message>
        <source>Converted to contact {id}</source>
        <translation>取引先責任者 {id} に変換済み</translation>
    </message>
    <message>
        <source>+Task</source>
        <translation>+タスク</translation>
    </message>
    <message>
        <source>Add a task</source>
        <translation>タスクを追加</translation>
    </message>
    <message>
        <source>+Event</source>
        <translation>+予定</translation>
    </message>
    <message>
        <source>Schedule an event</source>
        <translation>予定を登録</translation>
    </message>
    <message>
        <source>+Call</source>
        <translation>+通話</translation>
    </message>
    <message>
        <source>Log a call</source>
        <translation>通話を記録</translation>
    </message>
    <message>
        <source>+Note</source>
        <translation>+メモ</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>メモを追加</translation>
    </message>
    <message>
        <source>+Deal</source>
        <translation>+商談</translation>
    </message>
    <message>
        <source>Create a deal</source>
        <translation>商談を作成</translation>
    </message>
    <message>
        <source>Convert to contact</source>
        <translation>取引先責任者に変換</translation>
    </message>
    <message>
        <source>Deals are for contacts: convert this lead first</source>
        <translation>商談は取引先責任者にのみ作成できます。先にこのリードを変換してください</translation>
    </message>
    <message>
        <source>No deals yet</source>
        <translation>商談はまだありません</translation>
    </message>
    <message>
        <source>closes {date}</source>
        <translation>完了予定 {date}</translation>
    </message>
</context>
<context>
    <name>RecoveryBar</name>
    <message>
        <source>&amp;Reopen</source>
        <translation>再度開く(&amp;R)</translation>
    </message>
    <message>
        <source>Keep them under Drafts…</source>
        <translation>下書きに残す…</translation>
    </message>
</context>
<context>
    <name>RemoteContentBar</name>
    <message>
        <source>Load remote content</source>
        <translation>外部コンテンツを読み込む</translation>
    </message>
    <message>
        <source>Show the remote images of this message only</source>
        <translation>このメールの外部画像のみ表示します</translation>
    </message>
    <message>
        <source>Always from {sender}</source>
        <translation>{sender} からは常に読み込む</translation>
    </message>
    <message>
        <source>Load remote images in every message from {sender}</source>
        <translation>{sender} からのすべてのメールで外部画像を読み込みます</translation>
    </message>
    <message>
        <source>Remote images were blocked to protect your privacy: {count}</source>
        <translation>プライバシー保護のため外部画像をブロックしました: {count} 件</translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <source>Search mail (Ctrl+F)</source>
        <translation>メールを検索 (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>None (unencrypted)</source>
        <translation>なし (暗号化しない)</translation>
    </message>
    <message>
        <source>Other (enter the servers)</source>
        <translation>その他 (サーバーを入力)</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>メールサービス:</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>アカウント名:</translation>
    </message>
    <message>
        <source>Incoming mail</source>
        <translation>受信メール</translation>
    </message>
    <message>
        <source>Leave messages on the server</source>
        <translation>サーバーにメールを残す</translation>
    </message>
    <message>
        <source>Delete from the server once downloaded</source>
        <translation>ダウンロードしたらサーバーから削除</translation>
    </message>
    <message>
        <source>Delete from the server after some days</source>
        <translation>一定の日数が過ぎたらサーバーから削除</translation>
    </message>
    <message>
        <source>Delete from the server when deleted here</source>
        <translation>ここで削除したらサーバーからも削除</translation>
    </message>
    <message>
        <source> days</source>
        <translation>日後</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>プロトコル:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>ポート:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>セキュリティ:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>ユーザー名:</translation>
    </message>
    <message>
        <source>POP3 messages:</source>
        <translation>POP3 のメール:</translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation>送信メール (SMTP)</translation>
    </message>
    <message>
        <source>Use the incoming user name and password</source>
        <translation>受信と同じユーザー名とパスワードを使う</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>Allow unencrypted connections (passwords and mail travel readable)</source>
        <translation>暗号化されていない接続を許可する (パスワードとメールが読める状態で送られます)</translation>
    </message>
    <message>
        <source>Only for servers with their own certificate</source>
        <translation>独自の証明書を使うサーバーの場合のみ</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Trusted certificate:</source>
        <translation>信頼する証明書:</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>信頼する証明書</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>Servers</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Check the servers, then test the connection.</source>
        <translation>サーバー設定を確認してから、接続をテストしてください。</translation>
    </message>
    <message>
        <source>Send new mail from this account by default</source>
        <translation>新しいメールを既定でこのアカウントから送信する</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>接続をテスト(&amp;T)</translation>
    </message>
</context>
<context>
    <name>SourceWindow</name>
    <message>
        <source>Source of “{subject}”</source>
        <translation>「{subject}」のソース</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>Message source</source>
        <translation>メールのソース</translation>
    </message>
    <message>
        <source>[{count} more bytes not shown]</source>
        <translation>[残り {count} バイトは表示していません]</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>&amp;Sync Now</source>
        <translation>今すぐ同期(&amp;S)</translation>
    </message>
    <message>
        <source>Downloading {where}</source>
        <translation>{where} をダウンロード中</translation>
    </message>
    <message>
        <source>Downloading messages in {where}</source>
        <translation>{where} のメールをダウンロード中</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>Checking {where}</source>
        <translation>{where} を確認中</translation>
    </message>
    <message>
        <source>Checking for mail…</source>
        <translation>メールを確認しています…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>オンライン</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>Changes you make are kept and sent when the server can be reached.</source>
        <translation>変更は保存され、サーバーに接続できるようになったら反映されます。</translation>
    </message>
</context>
<context>
    <name>TaskForm</name>
    <message>
        <source>New task</source>
        <translation>新しいタスク</translation>
    </message>
    <message>
        <source>e.g. Send the revised quote</source>
        <translation>例: 修正した見積書を送る</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>標準</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Nothing logged yet</source>
        <translation>まだ記録はありません</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分</translation>
    </message>
    <message>
        <source>Done: {subject}</source>
        <translation>完了: {subject}</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(件名なし)</translation>
    </message>
    <message>
        <source>Open this message</source>
        <translation>このメールを開く</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>Sending in {seconds} s</source>
        <translation>{seconds} 秒後に送信</translation>
    </message>
</context>
<context>
    <name>UnknownSender</name>
    <message>
        <source>YOU WROTE TO · NOT IN YOUR CRM</source>
        <translation>送信先 · CRM 未登録</translation>
    </message>
    <message>
        <source>NOT IN YOUR CRM</source>
        <translation>CRM 未登録</translation>
    </message>
    <message>
        <source>Reading the signature…</source>
        <translation>署名を読み取っています…</translation>
    </message>
    <message>
        <source>Create anyway</source>
        <translation>このまま作成</translation>
    </message>
    <message>
        <source>Open existing</source>
        <translation>既存のレコードを開く</translation>
    </message>
    <message>
        <source>Add as lead</source>
        <translation>リードとして追加</translation>
    </message>
    <message>
        <source>A prospect: follow up, then convert to a contact</source>
        <translation>見込み客: フォローしてから取引先責任者に変換</translation>
    </message>
    <message>
        <source>Add as contact</source>
        <translation>取引先責任者として追加</translation>
    </message>
    <message>
        <source>A customer: deals can be created for contacts</source>
        <translation>顧客: 取引先責任者には商談を作成できます</translation>
    </message>
    <message>
        <source>Read from the mail; check before saving.</source>
        <translation>メールから読み取りました。保存する前に確認してください。</translation>
    </message>
    <message>
        <source>Nothing more in the mail; fill in what you know.</source>
        <translation>メールからは読み取れませんでした。わかる項目を入力してください。</translation>
    </message>
    <message>
        <source>Already in your CRM?
{names}</source>
        <translation>すでに CRM に登録済みですか?
{names}</translation>
    </message>
</context>
<context>
    <name>_EditForm</name>
    <message>
        <source>Edit details</source>
        <translation>詳細を編集</translation>
    </message>
</context>
</TS>
