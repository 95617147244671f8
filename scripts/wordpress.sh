#!/usr/bin/env bash
# A real WordPress on 127.0.0.1 for the publishing tests and benchmark, from
# Debian's packages (wordpress, mariadb-server, apache2, mod_php):
#
#   bash scripts/wordpress.sh up      install what is missing, configure, start,
#                                     install the site without a browser and the
#                                     engagement must-use plugin
#                                     (assets/wordpress/), create an Editor
#                                     account with an application password;
#                                     writes the env file (below)
#   bash scripts/wordpress.sh stop    stop Apache (the portal is "down")
#   bash scripts/wordpress.sh start   start it again
#   bash scripts/wordpress.sh reset   delete every post, page and attachment
#   bash scripts/wordpress.sh permalinks STRUCTURE   e.g. "" (plain) or
#                                     "/index.php/%postname%/" (PATHINFO)
#   bash scripts/wordpress.sh down    drop the site's database, remove its
#                                     configuration and uploads
#
# The env file (default ~/.cache/toasoan/wordpress.env) sets TOASOAN_WP_URL,
# TOASOAN_WP_USER and TOASOAN_WP_PASSWORD for `newsroom portal add
# --password-env TOASOAN_WP_PASSWORD` and the tests.
#
# Facts this relies on (Debian 12, WordPress 6.1, PHP 8.2): Debian's
# wp-config.php reads /etc/wordpress/config-<host>.php and falls back to
# config-default.php, used here so PHP scripts and any Host header agree;
# wp_install() mails the admin and fails without sendmail unless
# wp_new_blog_notification is defined first; WP_ENVIRONMENT_TYPE=local allows
# application passwords over plain http; permalinks are set "plain" (override
# with TOASOAN_WP_PERMALINKS), so the REST API is only reachable as
# ?rest_route= (the client discovers that from the site's Link header).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PORT="${TOASOAN_WP_PORT:-8089}"
URL="http://127.0.0.1:$PORT"
DB="toasoan_wp"
DBUSER="toasoan_wp"
DBPASS="toasoan-wp-local"
CONTENT="/var/lib/wordpress/wp-content"
# "" = plain permalinks (REST only as ?rest_route=); "/index.php/%postname%/"
# = PATHINFO permalinks (REST under /index.php/wp-json/).
PERMALINKS="${TOASOAN_WP_PERMALINKS-}"
ENV_FILE="${TOASOAN_WP_ENV:-$HOME/.cache/toasoan/wordpress.env}"
SITE_CONF="/etc/apache2/sites-available/toasoan-wp.conf"
PHP_BOOT="\$_SERVER['HTTP_HOST'] = '127.0.0.1:$PORT'; \$_SERVER['REQUEST_URI'] = '/'; \$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';"

mysql_root() { as_root mysql -uroot "$@"; }

ensure_mariadb() {
  if ! mysqladmin -uroot --connect-timeout=2 ping >/dev/null 2>&1 \
    && ! as_root mysqladmin -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
    echo "==> starting MariaDB"
    as_root service mariadb start >/dev/null
  fi
}

apache_running() { curl -s -o /dev/null --max-time 2 "$URL/" ; }

start_apache() {
  if ! as_root service apache2 status >/dev/null 2>&1; then
    as_root service apache2 start >/dev/null
  else
    as_root service apache2 reload >/dev/null
  fi
  for _ in $(seq 1 50); do apache_running && return 0; sleep 0.1; done
  echo "Apache did not answer on $URL" >&2
  exit 1
}

wp_php() {
  # Runs PHP with WordPress loaded as if for a request to the test host, as
  # Apache's user: WordPress makes uploads/<year>/<month> when it loads, and
  # one made by root left Apache's first upload of the month an HTTP 500
  # (rest_upload_sideload_error) on a fresh machine.
  as_root runuser -u www-data -- php -d display_errors=stderr -r "$PHP_BOOT function wp_new_blog_notification() {} $1"
}

up() {
  apt_install wordpress mariadb-server apache2 libapache2-mod-php php-mysql php-gd php-xml \
    php-mbstring curl
  ensure_mariadb
  mysql_root -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS '$DBUSER'@'localhost' IDENTIFIED BY '$DBPASS';
    CREATE USER IF NOT EXISTS '$DBUSER'@'127.0.0.1' IDENTIFIED BY '$DBPASS';
    GRANT ALL ON $DB.* TO '$DBUSER'@'localhost';
    GRANT ALL ON $DB.* TO '$DBUSER'@'127.0.0.1';"

  as_root tee /etc/wordpress/config-default.php >/dev/null <<PHP
<?php
// Written by Tòa Soạn's scripts/wordpress.sh: a local test portal.
define('DB_NAME', '$DB');
define('DB_USER', '$DBUSER');
define('DB_PASSWORD', '$DBPASS');
define('DB_HOST', '127.0.0.1');
define('DB_CHARSET', 'utf8mb4');
define('WP_CONTENT_DIR', '$CONTENT');
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('FS_METHOD', 'direct');
PHP
  as_root mkdir -p "$CONTENT/uploads" "$CONTENT/mu-plugins"
  as_root chown -R www-data:www-data "$CONTENT/uploads"
  # The engagement must-use plugin (views counted atomically, REST fields).
  as_root install -m 644 assets/wordpress/toasoan-engagement.php "$CONTENT/mu-plugins/toasoan-engagement.php"

  as_root tee "$SITE_CONF" >/dev/null <<CONF
# Tòa Soạn's local test portal (scripts/wordpress.sh).
Listen 127.0.0.1:$PORT
<VirtualHost 127.0.0.1:$PORT>
  ServerName 127.0.0.1
  DocumentRoot /usr/share/wordpress
  Alias /wp-content $CONTENT
  <Directory /usr/share/wordpress>
    Options FollowSymLinks
    AllowOverride Limit Options FileInfo
    DirectoryIndex index.php
    Require all granted
  </Directory>
  <Directory $CONTENT>
    Options FollowSymLinks
    Require all granted
  </Directory>
  php_admin_value upload_max_filesize 64M
  php_admin_value post_max_size 64M
  ErrorLog \${APACHE_LOG_DIR}/toasoan-wp-error.log
  CustomLog \${APACHE_LOG_DIR}/toasoan-wp-access.log combined
</VirtualHost>
CONF
  as_root a2ensite -q toasoan-wp >/dev/null
  start_apache

  echo "==> installing the site (wp_install, no browser)"
  wp_php "define('WP_INSTALLING', true);
    require '/usr/share/wordpress/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    if (!is_blog_installed()) {
      wp_install('Cổng thông tin điện tử tỉnh Bình Sơn (thử nghiệm)', 'admin', 'admin@example.invalid', true, '', 'admin-local-only');
    }
    update_option('blog_charset', 'UTF-8');
    update_option('timezone_string', 'Asia/Ho_Chi_Minh');
    update_option('default_comment_status', 'open');
    update_option('permalink_structure', '$PERMALINKS');
    update_option('toasoan_show_views', '1');
    delete_option('rewrite_rules');"

  echo "==> creating the Editor account and its application password"
  local pass
  pass="$(wp_php "require '/usr/share/wordpress/wp-load.php';
    \$u = get_user_by('login', 'bientap');
    if (!\$u) {
      \$id = wp_insert_user(['user_login' => 'bientap', 'user_pass' => wp_generate_password(24),
        'user_email' => 'bientap@example.invalid', 'display_name' => 'Ban Biên tập', 'role' => 'editor']);
      \$u = get_user_by('id', \$id);
    }
    foreach (WP_Application_Passwords::get_user_application_passwords(\$u->ID) as \$item) {
      WP_Application_Passwords::delete_application_password(\$u->ID, \$item['uuid']);
    }
    \$made = WP_Application_Passwords::create_new_application_password(\$u->ID, ['name' => 'toasoan']);
    if (is_wp_error(\$made)) { fwrite(STDERR, \$made->get_error_message()); exit(1); }
    echo \$made[0];")"
  mkdir -p "$(dirname "$ENV_FILE")"
  cat >"$ENV_FILE" <<ENV
export TOASOAN_WP_URL=$URL
export TOASOAN_WP_USER=bientap
export TOASOAN_WP_PASSWORD='$pass'
ENV
  # The REST API answers with the application password.
  curl -sf -u "bientap:$pass" "$URL/index.php?rest_route=/wp/v2/users/me" >/dev/null \
    || { echo "the REST API refused the new application password" >&2; exit 1; }
  # Folders an earlier version of this script made as root become Apache's.
  as_root chown -R www-data:www-data "$CONTENT/uploads"
  echo "==> WordPress is up at $URL (credentials in $ENV_FILE)"
}

reset() {
  wp_php "require '/usr/share/wordpress/wp-load.php';
    foreach (get_posts(['post_type' => ['post', 'page', 'attachment'], 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids']) as \$id) {
      wp_delete_post(\$id, true);
    }"
}

permalinks() {
  # Option and rewrite rules in separate PHP processes: flushing in the same
  # process keeps the old structure.
  wp_php "require '/usr/share/wordpress/wp-load.php'; update_option('permalink_structure', '$1'); delete_option('rewrite_rules');"
  wp_php "require '/usr/share/wordpress/wp-load.php'; flush_rewrite_rules(false);"
}

down() {
  if [ -f "$SITE_CONF" ]; then
    as_root a2dissite -q toasoan-wp >/dev/null || true
    as_root rm -f "$SITE_CONF"
    as_root service apache2 reload >/dev/null 2>&1 || true
  fi
  if mysql_root -e "SELECT 1" >/dev/null 2>&1; then
    mysql_root -e "DROP DATABASE IF EXISTS $DB;"
  fi
  as_root rm -f /etc/wordpress/config-default.php
  as_root rm -rf "$CONTENT/uploads"
  as_root rm -f "$CONTENT/mu-plugins/toasoan-engagement.php"
  rm -f "$ENV_FILE"
  echo "==> the test portal is gone"
}

case "${1:-}" in
  up) up ;;
  stop) as_root service apache2 stop >/dev/null ;;
  start) start_apache ;;
  reset) reset ;;
  permalinks) permalinks "${2-}" ;;
  down) down ;;
  *) echo "usage: $0 up|stop|start|reset|permalinks STRUCTURE|down" >&2; exit 2 ;;
esac
