// CloudFront Function (runtime cloudfront-js-2.0, event type viewer-request) for a ppgen site served
// from an S3 bucket through CloudFront. S3's REST endpoint, the one an Origin Access Control uses,
// serves no index documents: without this function /legal/privacy/ is an error, not the page at
// /legal/privacy/index.html. It also sends /legal/privacy to /legal/privacy/ (301), because every
// link in the site is relative to the page's own folder. Addresses whose last part has a file
// extension (.html, .md, .json, .xml, .css, .js, .txt) pass unchanged. Not needed with
// pretty_urls = false. docs/cloudfront-template.json deploys it; docs/publish-s3-cloudfront.yml uses it.
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri.endsWith('/')) {
        request.uri = uri + 'index.html';
        return request;
    }
    var last = uri.substring(uri.lastIndexOf('/') + 1);
    // A redline's folder, 2025-06-01...2025-10-15, has dots but no extension: only letters and
    // digits after the last dot make one.
    if (/\.[A-Za-z0-9]+$/.test(last)) {
        return request;
    }
    var query = [];
    var names = Object.keys(request.querystring);
    for (var i = 0; i < names.length; i++) {
        var field = request.querystring[names[i]];
        var values = field.multiValue ? field.multiValue : [field];
        for (var j = 0; j < values.length; j++) {
            query.push(values[j].value === '' ? names[i] : names[i] + '=' + values[j].value);
        }
    }
    return {
        statusCode: 301,
        statusDescription: 'Moved Permanently',
        headers: {location: {value: uri + '/' + (query.length ? '?' + query.join('&') : '')}},
    };
}
