//! The mock's state: one repository with its pull requests, comments, reviews, labels, label
//! events, teams, PR files and commit statuses, plus a deterministic clock and id counter.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::diff::Patch;

/// The kind of a GitHub account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    /// A person.
    User,
    /// An app or `github-actions[bot]`.
    Bot,
    /// An organization.
    Organization,
}

impl AccountKind {
    fn as_str(self) -> &'static str {
        match self {
            AccountKind::User => "User",
            AccountKind::Bot => "Bot",
            AccountKind::Organization => "Organization",
        }
    }
}

/// A GitHub account known to the mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Login, e.g. `Codertocat` or `github-actions[bot]`.
    pub login: String,
    /// Numeric id.
    pub id: u64,
    /// User, bot or organization.
    pub kind: AccountKind,
    /// `author_association` of this account on the repository.
    pub association: String,
}

/// A pull request (which is also the issue with the same number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    /// The number (issue number).
    pub number: u64,
    /// Title.
    pub title: String,
    /// Description.
    pub body: Option<String>,
    /// The author's login.
    pub author: String,
    /// `head.sha`: the last commit pushed to the branch.
    pub head_sha: String,
    /// `base.sha`.
    pub base_sha: String,
    /// `head.ref`.
    pub head_ref: String,
    /// `base.ref`.
    pub base_ref: String,
    /// `open` or `closed`.
    pub state: String,
    /// Draft pull request.
    pub draft: bool,
    /// The commits of the pull request, oldest first (the last is `head_sha`).
    pub commits: Vec<String>,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
}

/// An issue (conversation) comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueComment {
    /// Id.
    pub id: u64,
    /// The issue / pull request number.
    pub issue_number: u64,
    /// Author login.
    pub author: String,
    /// Markdown body.
    pub body: String,
    /// Creation time.
    pub created_at: String,
    /// Last edit time.
    pub updated_at: String,
}

/// An inline review comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewComment {
    /// Id.
    pub id: u64,
    /// The pull request number.
    pub pull_number: u64,
    /// The review it belongs to.
    pub review_id: Option<u64>,
    /// Author login.
    pub author: String,
    /// Markdown body.
    pub body: String,
    /// File path.
    pub path: String,
    /// Last line of the comment (head side for `RIGHT`).
    pub line: Option<u64>,
    /// `LEFT` or `RIGHT`.
    pub side: Option<String>,
    /// First line of a multi-line comment.
    pub start_line: Option<u64>,
    /// Side of `start_line`.
    pub start_side: Option<String>,
    /// Deprecated diff position.
    pub position: Option<u64>,
    /// `line` or `file`.
    pub subject_type: String,
    /// The commit the comment was made on.
    pub commit_id: String,
    /// The commit it was originally made on.
    pub original_commit_id: String,
    /// The top-level comment of the thread, for a reply.
    pub in_reply_to_id: Option<u64>,
    /// The hunk GitHub stores with the comment.
    pub diff_hunk: String,
    /// Creation time.
    pub created_at: String,
    /// Last edit time.
    pub updated_at: String,
}

/// A pull request review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Id.
    pub id: u64,
    /// The pull request number.
    pub pull_number: u64,
    /// Reviewer login.
    pub author: String,
    /// Body (may be empty).
    pub body: String,
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`.
    pub state: String,
    /// The commit reviewed.
    pub commit_id: Option<String>,
    /// Submission time (`None` while pending).
    pub submitted_at: Option<String>,
}

/// An issue that is not a pull request (the governance tracking issue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The number (shared with pull requests).
    pub number: u64,
    /// Title.
    pub title: String,
    /// Body.
    pub body: Option<String>,
    /// `open` or `closed`.
    pub state: String,
    /// `completed`, `reopened`, `not_planned`, ... (`None` until the state changes).
    pub state_reason: Option<String>,
    /// Label names.
    pub labels: Vec<String>,
    /// The author's login.
    pub author: String,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// When it was closed, while it is.
    pub closed_at: Option<String>,
}

/// A repository label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Hex color without `#`.
    pub color: String,
    /// Description.
    pub description: Option<String>,
}

/// A `labeled` / `unlabeled` issue event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEvent {
    /// Id.
    pub id: u64,
    /// The issue / pull request number.
    pub issue_number: u64,
    /// `labeled` or `unlabeled`.
    pub event: String,
    /// Who added or removed the label.
    pub actor: String,
    /// The label's name.
    pub label: String,
    /// When.
    pub created_at: String,
}

/// A file of a pull request, as `GET /pulls/{n}/files` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrFile {
    /// Path on the head side.
    pub filename: String,
    /// `added`, `removed`, `modified`, `renamed`, ...
    pub status: String,
    /// The unified diff hunks (no file headers); `None` for binary or huge files.
    pub patch: Option<String>,
    /// The old path of a renamed file.
    pub previous_filename: Option<String>,
}

impl PrFile {
    /// A modified file with this patch.
    pub fn modified(filename: &str, patch: &str) -> PrFile {
        PrFile {
            filename: filename.to_owned(),
            status: "modified".to_owned(),
            patch: Some(patch.to_owned()),
            previous_filename: None,
        }
    }

    /// An added file whose content is `content` (every line is an added line).
    pub fn added(filename: &str, content: &str) -> PrFile {
        let lines: Vec<&str> = content.lines().collect();
        let mut patch = format!("@@ -0,0 +1,{} @@", lines.len());
        for line in lines {
            patch.push_str("\n+");
            patch.push_str(line);
        }
        PrFile {
            filename: filename.to_owned(),
            status: "added".to_owned(),
            patch: Some(patch),
            previous_filename: None,
        }
    }

    /// A removed file.
    pub fn removed(filename: &str, patch: &str) -> PrFile {
        PrFile {
            filename: filename.to_owned(),
            status: "removed".to_owned(),
            patch: Some(patch.to_owned()),
            previous_filename: None,
        }
    }

    /// The parsed patch (empty when there is none).
    pub fn parsed(&self) -> Patch {
        self.patch
            .as_deref()
            .map(|p| Patch::parse(p).unwrap_or_else(|e| panic!("{}: {e}", self.filename)))
            .unwrap_or_default()
    }
}

/// A commit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitStatus {
    /// Id.
    pub id: u64,
    /// The commit.
    pub sha: String,
    /// `error`, `failure`, `pending` or `success`.
    pub state: String,
    /// The status context.
    pub context: String,
    /// Description.
    pub description: Option<String>,
    /// Target URL.
    pub target_url: Option<String>,
    /// Who set it.
    pub creator: String,
    /// When.
    pub created_at: String,
}

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    /// Login.
    pub login: String,
    /// `member` or `maintainer`.
    pub role: String,
    /// `active` or `pending`.
    pub state: String,
}

/// Everything the mock knows.
#[derive(Debug, Clone)]
pub struct State {
    /// Repository owner login.
    pub owner: String,
    /// Repository name.
    pub repo: String,
    /// Repository id.
    pub repo_id: u64,
    /// Default branch.
    pub default_branch: String,
    /// `http://127.0.0.1:PORT/base` (what `GITHUB_API_URL` is set to).
    pub api_base: String,
    /// Web base for `html_url`s.
    pub html_base: String,
    /// Accounts by lower-cased login.
    pub accounts: BTreeMap<String, Account>,
    /// The login the token belongs to.
    pub token_user: String,
    /// An installation token (`GITHUB_TOKEN`): `GET /user` answers 403.
    pub installation_token: bool,
    /// Pull requests by number.
    pub pulls: BTreeMap<u64, PullRequest>,
    /// Issue comments, in creation order.
    pub issue_comments: Vec<IssueComment>,
    /// Review comments, in creation order.
    pub review_comments: Vec<ReviewComment>,
    /// Reviews, in creation order.
    pub reviews: Vec<Review>,
    /// Repository labels.
    pub labels: Vec<Label>,
    /// Issues that are not pull requests, by number.
    pub issues: BTreeMap<u64, Issue>,
    /// How many list items were turned into JSON for a page, in all (a list must build only
    /// the requested page's items).
    pub items_built: usize,
    /// Label names on each issue.
    pub issue_labels: BTreeMap<u64, Vec<String>>,
    /// Issue events.
    pub events: Vec<IssueEvent>,
    /// Team members by (org, team slug), both lower-cased.
    pub teams: BTreeMap<(String, String), Vec<TeamMember>>,
    /// Files of each pull request.
    pub files: BTreeMap<u64, Vec<PrFile>>,
    /// Commit statuses in creation order.
    pub statuses: Vec<CommitStatus>,
    /// GitHub's "dismiss stale pull request approvals when new commits are pushed".
    pub dismiss_stale_reviews: bool,
    next_id: u64,
    clock: u64,
}

/// 2024-05-01T10:00:00Z.
const EPOCH_START: u64 = 1_714_557_600;

impl State {
    /// An empty repository `owner/repo`.
    pub fn new(owner: &str, repo: &str) -> State {
        let mut state = State {
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            repo_id: 186_853_002,
            default_branch: "main".to_owned(),
            api_base: String::new(),
            html_base: "https://github.com".to_owned(),
            accounts: BTreeMap::new(),
            token_user: "slagate-bot".to_owned(),
            installation_token: false,
            pulls: BTreeMap::new(),
            issue_comments: Vec::new(),
            review_comments: Vec::new(),
            reviews: Vec::new(),
            labels: Vec::new(),
            issues: BTreeMap::new(),
            items_built: 0,
            issue_labels: BTreeMap::new(),
            events: Vec::new(),
            teams: BTreeMap::new(),
            files: BTreeMap::new(),
            statuses: Vec::new(),
            dismiss_stale_reviews: false,
            next_id: 2_000_000_001,
            clock: 0,
        };
        state.account(owner);
        state.account("slagate-bot");
        state
    }

    /// A fresh id (unique across all kinds of objects, like GitHub's).
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Advances the clock by one minute and returns the new time (ISO 8601, UTC).
    pub fn tick(&mut self) -> String {
        self.clock += 60;
        iso8601(EPOCH_START + self.clock)
    }

    /// The current time without advancing.
    pub fn now(&self) -> String {
        iso8601(EPOCH_START + self.clock)
    }

    /// An issue comment by `author` on issue `number`. Returns its id.
    pub fn add_issue_comment(&mut self, number: u64, author: &str, body: &str) -> u64 {
        self.account(author);
        let now = self.tick();
        let id = self.next_id();
        self.issue_comments.push(IssueComment {
            id,
            issue_number: number,
            author: author.to_owned(),
            body: body.to_owned(),
            created_at: now.clone(),
            updated_at: now,
        });
        id
    }

    /// A review comment by `author` (`path`, head-side `line`, `body`) on pull request
    /// `number`'s current head, inside its own `COMMENTED` review with `review_body`.
    /// Returns the comment's id.
    pub fn add_review_comment(
        &mut self,
        number: u64,
        author: &str,
        (path, line, body): (&str, u64, &str),
        review_body: &str,
    ) -> u64 {
        self.account(author);
        let head = self.pulls[&number].head_sha.clone();
        let (position, hunk) = self
            .file(number, path)
            .map(PrFile::parsed)
            .and_then(|p| {
                p.find("RIGHT", line)
                    .map(|l| (Some(l.position), p.diff_hunk(l.position)))
            })
            .unwrap_or((None, String::new()));
        let now = self.tick();
        let review_id = self.next_id();
        self.reviews.push(Review {
            id: review_id,
            pull_number: number,
            author: author.to_owned(),
            body: review_body.to_owned(),
            state: "COMMENTED".into(),
            commit_id: Some(head.clone()),
            submitted_at: Some(now.clone()),
        });
        let id = self.next_id();
        self.review_comments.push(ReviewComment {
            id,
            pull_number: number,
            review_id: Some(review_id),
            author: author.to_owned(),
            body: body.to_owned(),
            path: path.to_owned(),
            line: Some(line),
            side: Some("RIGHT".into()),
            start_line: None,
            start_side: None,
            position,
            subject_type: "line".into(),
            commit_id: head.clone(),
            original_commit_id: head,
            in_reply_to_id: None,
            diff_hunk: hunk,
            created_at: now.clone(),
            updated_at: now,
        });
        id
    }

    /// The account with this login, created (as a `User`) if unknown.
    pub fn account(&mut self, login: &str) -> Account {
        let key = login.to_ascii_lowercase();
        if let Some(account) = self.accounts.get(&key) {
            return account.clone();
        }
        let kind = if login.ends_with("[bot]") {
            AccountKind::Bot
        } else {
            AccountKind::User
        };
        // Stable, distinct ids derived from the login.
        let id = 10_000_000
            + login
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)))
                % 89_000_000;
        let association = if login.eq_ignore_ascii_case(&self.owner) {
            "OWNER"
        } else {
            "NONE"
        };
        let account = Account {
            login: login.to_owned(),
            id,
            kind,
            association: association.to_owned(),
        };
        self.accounts.insert(key, account.clone());
        account
    }

    /// Registers or replaces an account.
    pub fn put_account(&mut self, account: Account) {
        self.accounts
            .insert(account.login.to_ascii_lowercase(), account);
    }

    /// The pull request with this number (panics if there is none: seeding error).
    pub fn pull_mut(&mut self, number: u64) -> &mut PullRequest {
        self.pulls
            .get_mut(&number)
            .unwrap_or_else(|| panic!("the mock has no pull request #{number}"))
    }

    /// The label named `name` (case-insensitive), created with a default color if missing.
    pub fn label(&mut self, name: &str) -> Label {
        if let Some(label) = self
            .labels
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name))
        {
            return label.clone();
        }
        let label = Label {
            id: self.next_id(),
            name: name.to_owned(),
            color: "ededed".to_owned(),
            description: None,
        };
        self.labels.push(label.clone());
        label
    }

    /// Patch of `path` in pull request `number`, if that file is part of it.
    pub fn file(&self, number: u64, path: &str) -> Option<&PrFile> {
        self.files
            .get(&number)
            .and_then(|files| files.iter().find(|f| f.filename == path))
    }

    // ---- JSON renderings (checked against the response schemas before they are sent) ----

    fn api(&self) -> String {
        format!("{}/repos/{}/{}", self.api_base, self.owner, self.repo)
    }

    fn html(&self) -> String {
        format!("{}/{}/{}", self.html_base, self.owner, self.repo)
    }

    /// The next issue number: after every pull request and issue.
    pub fn next_issue_number(&self) -> u64 {
        let pulls = self.pulls.keys().max().copied().unwrap_or(0);
        let issues = self.issues.keys().max().copied().unwrap_or(0);
        pulls.max(issues) + 1
    }

    /// An issue by `author`; its number.
    pub fn add_issue(
        &mut self,
        author: &str,
        title: &str,
        body: &str,
        labels: &[&str],
        open: bool,
    ) -> u64 {
        self.account(author);
        for l in labels {
            self.label(l);
        }
        let now = self.tick();
        let number = self.next_issue_number();
        self.issues.insert(
            number,
            Issue {
                number,
                title: title.to_owned(),
                body: Some(body.to_owned()),
                state: if open { "open" } else { "closed" }.to_owned(),
                state_reason: (!open).then(|| "completed".to_owned()),
                labels: labels.iter().map(|l| (*l).to_owned()).collect(),
                author: author.to_owned(),
                created_at: now.clone(),
                updated_at: now.clone(),
                closed_at: (!open).then_some(now),
            },
        );
        number
    }

    /// `issue`, from GitHub's example with this issue's fields.
    pub fn issue_json(&mut self, example: &Value, i: &Issue) -> Value {
        let mut v = self.rewrite_example(example);
        let api = format!("{}/issues/{}", self.api(), i.number);
        let labels: Vec<Value> = i
            .labels
            .iter()
            .map(|n| {
                let l = self.label(n);
                self.label_json(&l)
            })
            .collect();
        let comments = self
            .issue_comments
            .iter()
            .filter(|c| c.issue_number == i.number)
            .count();
        let map = v.as_object_mut().expect("an issue object");
        map.remove("pull_request");
        map.remove("milestone");
        map.remove("assignee");
        map.remove("assignees");
        map.remove("closed_by");
        v["id"] = json!(1_000_000 + i.number);
        v["node_id"] = json!(format!("I_kwDOmock{}", i.number));
        v["number"] = json!(i.number);
        v["url"] = json!(api);
        v["repository_url"] = json!(self.api());
        v["labels_url"] = json!(format!("{api}/labels{{/name}}"));
        v["comments_url"] = json!(format!("{api}/comments"));
        v["events_url"] = json!(format!("{api}/events"));
        v["html_url"] = json!(format!("{}/issues/{}", self.html(), i.number));
        v["title"] = json!(i.title);
        v["body"] = json!(i.body);
        v["state"] = json!(i.state);
        v["state_reason"] = json!(i.state_reason);
        v["labels"] = Value::Array(labels);
        v["user"] = self.user_json(&i.author);
        v["assignee"] = Value::Null;
        v["assignees"] = json!([]);
        v["milestone"] = Value::Null;
        v["locked"] = json!(false);
        v["comments"] = json!(comments);
        v["created_at"] = json!(i.created_at);
        v["updated_at"] = json!(i.updated_at);
        v["closed_at"] = json!(i.closed_at);
        v["author_association"] = json!(self.association(&i.author));
        v
    }

    /// `simple-user`.
    pub fn user_json(&mut self, login: &str) -> Value {
        let account = self.account(login);
        let login = &account.login;
        // GitHub percent-encodes the brackets of `name[bot]` in URLs.
        let in_url = login.replace('[', "%5B").replace(']', "%5D");
        let users = format!("{}/users/{in_url}", self.api_base);
        let node_prefix = match account.kind {
            AccountKind::Bot => "BOT_kgDO",
            AccountKind::Organization => "O_kgDO",
            AccountKind::User => "U_kgDO",
        };
        json!({
            "login": login,
            "id": account.id,
            "node_id": format!("{node_prefix}{:08X}", account.id),
            "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", account.id),
            "gravatar_id": "",
            "url": users,
            "html_url": format!("{}/{in_url}", self.html_base),
            "followers_url": format!("{users}/followers"),
            "following_url": format!("{users}/following{{/other_user}}"),
            "gists_url": format!("{users}/gists{{/gist_id}}"),
            "starred_url": format!("{users}/starred{{/owner}}{{/repo}}"),
            "subscriptions_url": format!("{users}/subscriptions"),
            "organizations_url": format!("{users}/orgs"),
            "repos_url": format!("{users}/repos"),
            "events_url": format!("{users}/events{{/privacy}}"),
            "received_events_url": format!("{users}/received_events"),
            "type": account.kind.as_str(),
            "user_view_type": "public",
            "site_admin": false,
        })
    }

    fn association(&mut self, login: &str) -> String {
        self.account(login).association
    }

    /// `issue-comment`.
    pub fn issue_comment_json(&mut self, c: &IssueComment) -> Value {
        json!({
            "id": c.id,
            "node_id": format!("IC_kwDOmock{}", c.id),
            "url": format!("{}/issues/comments/{}", self.api(), c.id),
            "html_url": format!("{}/pull/{}#issuecomment-{}", self.html(), c.issue_number, c.id),
            "issue_url": format!("{}/issues/{}", self.api(), c.issue_number),
            "body": c.body,
            "user": self.user_json(&c.author),
            "created_at": c.created_at,
            "updated_at": c.updated_at,
            "author_association": self.association(&c.author),
            "performed_via_github_app": null,
            "reactions": Self::reactions_json(&format!("{}/issues/comments/{}/reactions", self.api(), c.id)),
        })
    }

    fn reactions_json(url: &str) -> Value {
        json!({
            "url": url, "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "confused": 0,
            "heart": 0, "hooray": 0, "eyes": 0, "rocket": 0,
        })
    }

    /// `pull-request-review-comment` (and, without `reactions`, `review-comment`).
    pub fn review_comment_json(&mut self, c: &ReviewComment) -> Value {
        let url = format!("{}/pulls/comments/{}", self.api(), c.id);
        let html = format!(
            "{}/pull/{}#discussion_r{}",
            self.html(),
            c.pull_number,
            c.id
        );
        let pr_url = format!("{}/pulls/{}", self.api(), c.pull_number);
        let mut value = json!({
            "url": url,
            "pull_request_review_id": c.review_id,
            "id": c.id,
            "node_id": format!("PRRC_kwDOmock{}", c.id),
            "diff_hunk": c.diff_hunk,
            "path": c.path,
            "commit_id": c.commit_id,
            "original_commit_id": c.original_commit_id,
            "user": self.user_json(&c.author),
            "body": c.body,
            "created_at": c.created_at,
            "updated_at": c.updated_at,
            "html_url": html,
            "pull_request_url": pr_url,
            "author_association": self.association(&c.author),
            "_links": {
                "self": { "href": url },
                "html": { "href": html },
                "pull_request": { "href": pr_url },
            },
            "start_line": c.start_line,
            "original_start_line": c.start_line,
            "start_side": c.start_side,
            "subject_type": c.subject_type,
            "reactions": Self::reactions_json(&format!("{url}/reactions")),
        });
        let map = value.as_object_mut().expect("object");
        if let Some(line) = c.line {
            map.insert("line".into(), json!(line));
            map.insert("original_line".into(), json!(line));
        }
        if let Some(side) = &c.side {
            map.insert("side".into(), json!(side));
        }
        if let Some(position) = c.position {
            map.insert("position".into(), json!(position));
            map.insert("original_position".into(), json!(position));
        }
        if let Some(reply_to) = c.in_reply_to_id {
            map.insert("in_reply_to_id".into(), json!(reply_to));
        }
        value
    }

    /// `pull-request-review`.
    pub fn review_json(&mut self, r: &Review) -> Value {
        let html = format!(
            "{}/pull/{}#pullrequestreview-{}",
            self.html(),
            r.pull_number,
            r.id
        );
        let pr_url = format!("{}/pulls/{}", self.api(), r.pull_number);
        let mut value = json!({
            "id": r.id,
            "node_id": format!("PRR_kwDOmock{}", r.id),
            "user": self.user_json(&r.author),
            "body": r.body,
            "state": r.state,
            "html_url": html,
            "pull_request_url": pr_url,
            "_links": { "html": { "href": html }, "pull_request": { "href": pr_url } },
            "commit_id": r.commit_id,
            "author_association": self.association(&r.author),
        });
        if let Some(at) = &r.submitted_at {
            value["submitted_at"] = json!(at);
        }
        value
    }

    /// `label`.
    pub fn label_json(&self, l: &Label) -> Value {
        json!({
            "id": l.id,
            "node_id": format!("LA_kwDOmock{}", l.id),
            "url": format!("{}/labels/{}", self.api(), l.name.replace(' ', "%20")),
            "name": l.name,
            "description": l.description,
            "color": l.color,
            "default": false,
        })
    }

    /// `labeled-issue-event` / `unlabeled-issue-event`.
    pub fn event_json(&mut self, e: &IssueEvent) -> Value {
        let color = self.label(&e.label).color;
        json!({
            "id": e.id,
            "node_id": format!("LE_lADOmock{}", e.id),
            "url": format!("{}/issues/events/{}", self.api(), e.id),
            "actor": self.user_json(&e.actor),
            "event": e.event,
            "commit_id": null,
            "commit_url": null,
            "created_at": e.created_at,
            "performed_via_github_app": null,
            "label": { "name": e.label, "color": color },
        })
    }

    /// `diff-entry`.
    pub fn file_json(&self, number: u64, f: &PrFile) -> Value {
        let (additions, deletions) = f.parsed().counts();
        let head = self
            .pulls
            .get(&number)
            .map(|p| p.head_sha.clone())
            .unwrap_or_default();
        let encoded = f.filename.replace(' ', "%20");
        let mut value = json!({
            "sha": blob_sha(&f.filename, &head),
            "filename": f.filename,
            "status": f.status,
            "additions": additions,
            "deletions": deletions,
            "changes": additions + deletions,
            "blob_url": format!("{}/blob/{head}/{encoded}", self.html()),
            "raw_url": format!("{}/raw/{head}/{encoded}", self.html()),
            "contents_url": format!("{}/contents/{encoded}?ref={head}", self.api()),
        });
        if let Some(patch) = &f.patch {
            value["patch"] = json!(patch);
        }
        if let Some(previous) = &f.previous_filename {
            value["previous_filename"] = json!(previous);
        }
        value
    }

    /// `status` (the answer to creating one).
    pub fn status_json(&mut self, s: &CommitStatus) -> Value {
        json!({
            "url": format!("{}/statuses/{}", self.api(), s.sha),
            "avatar_url": "https://avatars.githubusercontent.com/u/9919?v=4",
            "id": s.id,
            "node_id": format!("SC_kwDOmock{}", s.id),
            "state": s.state,
            "description": s.description,
            "target_url": s.target_url,
            "context": s.context,
            "created_at": s.created_at,
            "updated_at": s.created_at,
            "creator": self.user_json(&s.creator),
        })
    }

    /// `simple-commit-status` (inside a combined status).
    pub fn simple_status_json(&self, s: &CommitStatus) -> Value {
        json!({
            "url": format!("{}/statuses/{}", self.api(), s.sha),
            "avatar_url": "https://avatars.githubusercontent.com/u/9919?v=4",
            "id": s.id,
            "node_id": format!("SC_kwDOmock{}", s.id),
            "state": s.state,
            "description": s.description,
            "target_url": s.target_url,
            "context": s.context,
            "required": false,
            "created_at": s.created_at,
            "updated_at": s.created_at,
        })
    }

    /// A description example with the example repository's URLs rewritten to this one.
    pub fn rewrite_example(&self, example: &Value) -> Value {
        let text = example
            .to_string()
            .replace("https://api.github.com", &self.api_base)
            .replace("https://github.com", &self.html_base)
            .replace(
                "octocat/Hello-World",
                &format!("{}/{}", self.owner, self.repo),
            );
        serde_json::from_str(&text).expect("rewritten example is JSON")
    }
}

/// A stable fake blob sha for a file at a commit.
pub fn blob_sha(path: &str, commit: &str) -> String {
    fake_sha(&format!("{commit}:{path}"))
}

/// A 40-hex-digit fake sha derived from `seed` (FNV-1a, repeated).
pub fn fake_sha(seed: &str) -> String {
    let mut out = String::with_capacity(40);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut round = 0u8;
    while out.len() < 40 {
        for b in seed.bytes().chain(std::iter::once(round)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let _ = write!(out, "{hash:016x}");
        round += 1;
    }
    out.truncate(40);
    out
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso8601(seconds: u64) -> String {
    let seconds = i64::try_from(seconds).expect("a time before the year 292 billion");
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let rem = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (what the mock writes and `since` must be) to epoch seconds.
pub fn parse_iso8601(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let days = days_from_civil(y, m, d);
    u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()
}

// Howard Hinnant's civil calendar algorithms.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
