<?php
/**
 * Plugin Name: Tòa Soạn — lượt xem (engagement)
 * Description: Counts views of single published posts atomically and adds read-only
 *   `views` and `comment_count` fields to the posts REST API, for Tòa Soạn's engagement
 *   figures. Optionally prints "Lượt xem: 1.234" under each post (option
 *   `toasoan_show_views` = 1). Install: copy this one file into wp-content/mu-plugins/.
 * Version: 1.0.0
 * License: GPL-2.0-or-later
 *
 * What is counted: a GET of a published single post's page, not a preview, not a feed,
 * not a REST request, not a bot (user agent with bot/crawl/spider/slurp) and not Tòa
 * Soạn's own engagement reader (it reads the counter, it is not a reader).
 * How: one `INSERT … ON DUPLICATE KEY UPDATE views = views + 1` in a table of its own,
 * so concurrent requests never lose a count (postmeta has no unique key to do this).
 */

if (!defined('ABSPATH')) {
    exit;
}

const TOASOAN_VIEWS_SCHEMA = '1';

function toasoan_views_table() {
    global $wpdb;
    return $wpdb->prefix . 'toasoan_views';
}

function toasoan_views_install() {
    global $wpdb;
    if (get_option('toasoan_views_schema') === TOASOAN_VIEWS_SCHEMA) {
        return;
    }
    $table = toasoan_views_table();
    $charset = $wpdb->get_charset_collate();
    $wpdb->query("CREATE TABLE IF NOT EXISTS $table (
        post_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
        views BIGINT UNSIGNED NOT NULL DEFAULT 0
    ) $charset");
    update_option('toasoan_views_schema', TOASOAN_VIEWS_SCHEMA, true);
}
add_action('init', 'toasoan_views_install');

function toasoan_is_reader() {
    $ua = isset($_SERVER['HTTP_USER_AGENT']) ? (string) $_SERVER['HTTP_USER_AGENT'] : '';
    if ($ua === '' || stripos($ua, 'ToaSoan/') !== false) {
        return false;
    }
    return !preg_match('/bot|crawl|spider|slurp/i', $ua);
}

function toasoan_count_view() {
    if (!is_singular('post') || is_preview() || is_feed() || is_admin()) {
        return;
    }
    if (($_SERVER['REQUEST_METHOD'] ?? 'GET') !== 'GET' || !toasoan_is_reader()) {
        return;
    }
    $id = get_queried_object_id();
    if (!$id || get_post_status($id) !== 'publish') {
        return;
    }
    global $wpdb;
    $table = toasoan_views_table();
    $wpdb->query($wpdb->prepare(
        "INSERT INTO $table (post_id, views) VALUES (%d, 1) ON DUPLICATE KEY UPDATE views = views + 1",
        $id
    ));
}
add_action('template_redirect', 'toasoan_count_view');

function toasoan_views_of($post_id) {
    global $wpdb;
    $table = toasoan_views_table();
    return (int) $wpdb->get_var($wpdb->prepare("SELECT views FROM $table WHERE post_id = %d", $post_id));
}

add_action('rest_api_init', function () {
    register_rest_field('post', 'views', [
        'get_callback' => function ($post) {
            return toasoan_views_of($post['id']);
        },
        'schema' => [
            'description' => 'Page views counted by the Tòa Soạn engagement plugin.',
            'type' => 'integer',
            'readonly' => true,
            'context' => ['view', 'edit', 'embed'],
        ],
    ]);
    register_rest_field('post', 'comment_count', [
        'get_callback' => function ($post) {
            return (int) get_comments_number($post['id']);
        },
        'schema' => [
            'description' => 'Approved comments.',
            'type' => 'integer',
            'readonly' => true,
            'context' => ['view', 'edit', 'embed'],
        ],
    ]);
});

add_filter('the_content', function ($content) {
    if (get_option('toasoan_show_views') !== '1' || !is_singular('post') || !in_the_loop() || !is_main_query()) {
        return $content;
    }
    $n = number_format(toasoan_views_of(get_the_ID()), 0, ',', '.');
    return $content . '<p class="toasoan-views">Lượt xem: ' . esc_html($n) . '</p>';
});
