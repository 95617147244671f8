//! The publication package: for portals where a person uploads by hand. A
//! folder `<output>/<slug>/` with a standalone `index.html`, the web images
//! under `images/` and `metadata.json`, and the same as `<slug>.zip`.
//!
//! Writing is idempotent: the folder is built under a temporary name and
//! renamed over the previous one, so a killed worker leaves either the old
//! package or the new one, never half of one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::{Adapter, Article, ArticleImage, Journal, Outcome, Sent};
use toasoan_domain::{Error, Result};

/// Writes packages under one output folder.
#[derive(Debug, Clone)]
pub struct Package {
    out: PathBuf,
}

impl Package {
    /// Packages go under `out` (created if needed).
    pub fn new(out: &Path) -> Package {
        Package { out: out.to_path_buf() }
    }
}

fn io(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Storage(format!("{what} {}: {e}", path.display()))
}

fn image_file(i: &ArticleImage) -> String {
    format!("images/{}", i.file_name)
}

/// The standalone page: UTF-8, no script, no remote resource.
fn page(article: &Article) -> String {
    let body = article.html(&image_file);
    let esc = crate::escape_html;
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <meta name=\"description\" content=\"{sapo}\">\n<style>body{{max-width:42rem;margin:2rem auto;\
         font:18px/1.6 Georgia,serif;padding:0 1rem}}figure{{margin:1.5rem 0}}img{{max-width:100%;height:auto}}\
         figcaption{{font-size:.9em;color:#555}}.sapo{{font-weight:bold}}</style>\n</head>\n<body>\n<article>\n\
         <h1>{title}</h1>\n<p class=\"sapo\">{sapo}</p>\n{body}</article>\n</body>\n</html>\n",
        title = esc(&article.headline),
        sapo = esc(&article.sapo),
    )
}

fn metadata(article: &Article) -> serde_json::Value {
    json!({
        "headline": article.headline,
        "sapo": article.sapo,
        "byline": article.byline,
        "slug": article.slug,
        "policy": article.policy,
        "policy_doc_number": article.policy_doc_number,
        "genre": article.genre.code(),
        "genre_label": article.genre.label_vi(),
        "channel": article.channel,
        "contract": article.contract_number,
        "agency": article.agency,
        "approved_at": article.approved_at,
        "revision": article.revision_seq,
        "content_hash": article.content_hash,
        "images": article.images.iter().map(|i| json!({
            "file": image_file(i),
            "caption": i.caption,
            "alt": i.alt,
            "credit": i.credit,
            "sha256": i.sha256,
        })).collect::<Vec<_>>(),
    })
}

impl Adapter for Package {
    fn publish(&self, article: &Article, _journal: &mut dyn Journal) -> Result<Outcome> {
        fs::create_dir_all(&self.out).map_err(|e| io("không tạo được thư mục", &self.out, e))?;
        let final_dir = self.out.join(&article.slug);
        let tmp = tempfile::Builder::new()
            .prefix(".toasoan-package-")
            .tempdir_in(&self.out)
            .map_err(|e| io("không tạo được thư mục tạm trong", &self.out, e))?;
        let html = page(article);
        let meta = serde_json::to_vec_pretty(&metadata(article)).map_err(|e| Error::Storage(e.to_string()))?;
        let mut files: Vec<(String, Vec<u8>)> =
            vec![("index.html".into(), html.clone().into_bytes()), ("metadata.json".into(), meta)];
        let mut seen = std::collections::HashSet::new();
        for img in &article.images {
            if seen.insert(img.file_name.clone()) {
                let bytes = fs::read(&img.path).map_err(|e| io("không đọc được ảnh", &img.path, e))?;
                files.push((image_file(img), bytes));
            }
        }
        for (name, bytes) in &files {
            let path = tmp.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| io("không tạo được thư mục", parent, e))?;
            }
            fs::write(&path, bytes).map_err(|e| io("không ghi được", &path, e))?;
        }
        let zip_path = self.out.join(format!("{}.zip", article.slug));
        let zip_tmp = tmp.path().join(".package.zip");
        write_zip(&zip_tmp, &article.slug, &files)?;
        // Replace the previous package, if any, as whole folders: exchanged
        // in one step where the system can, so the folder is never missing.
        let staged = tmp.keep();
        let zip_staged = staged.join(".package.zip");
        toasoan_files::rename_durable(&zip_staged, &zip_path).map_err(|e| io("không ghi được", &zip_path, e))?;
        toasoan_files::replace_dir(&staged, &final_dir).map_err(|e| io("không thay được gói cũ", &final_dir, e))?;
        let index = final_dir.join("index.html");
        Ok(Outcome::Sent(Box::new(Sent {
            remote_id: article.slug.clone(),
            url: format!("file://{}", index.display()),
            body: html.into_bytes(),
            page: None,
            output: Some(format!("{}\n{}", final_dir.display(), zip_path.display())),
            public: false,
        })))
    }
}

fn write_zip(path: &Path, slug: &str, files: &[(String, Vec<u8>)]) -> Result<()> {
    let f = fs::File::create(path).map_err(|e| io("không tạo được", path, e))?;
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        z.start_file(format!("{slug}/{name}"), opts).map_err(|e| Error::Storage(format!("zip: {e}")))?;
        z.write_all(bytes).map_err(|e| io("không ghi được", path, e))?;
    }
    let f = z.finish().map_err(|e| Error::Storage(format!("zip: {e}")))?;
    f.sync_all().map_err(|e| io("không ghi được", path, e))?;
    Ok(())
}
