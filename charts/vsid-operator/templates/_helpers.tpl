{{/*
The objects are named vsid-operator whatever the release is called: the ClusterRole, the Lease and
the webhook configuration the operator keeps have fixed names, so there is one release per cluster.
*/}}
{{- define "vsid-operator.name" -}}
vsid-operator
{{- end }}

{{- define "vsid-operator.chart" -}}
{{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of the pods, and the selector of the Deployment, the Services and the PDB. */}}
{{- define "vsid-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vsid-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object of the chart. */}}
{{- define "vsid-operator.labels" -}}
{{ include "vsid-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "vsid-operator.chart" . }}
{{- end }}

{{- define "vsid-operator.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/*
The ports, checked: the metrics port is not the webhook's; bundle endpoint ports are listed only
when bundle endpoints are served, and each needs a name and a targetPort in 1024-65535 that is
neither the webhook's nor the metrics port (the operator binds each once).
*/}}
{{- define "vsid-operator.bundlePorts" -}}
{{- if and .Values.webhook.enabled (eq (int .Values.metrics.port) (int .Values.webhook.port)) }}
{{- fail (printf "metrics.port %d is webhook.port too; give each its own port" (int .Values.metrics.port)) }}
{{- end }}
{{- if and (not .Values.bundleEndpoints.enabled) .Values.bundleEndpoints.service.ports }}
{{- fail "bundleEndpoints.service.ports lists ports while bundleEndpoints.enabled is false: nothing would serve them" }}
{{- end }}
{{- $taken := list (int .Values.metrics.port) -}}
{{- if .Values.webhook.enabled }}{{ $taken = append $taken (int .Values.webhook.port) }}{{ end -}}
{{- range .Values.bundleEndpoints.service.ports }}
{{- $where := printf "bundleEndpoints.service.ports %s" (.name | default "") }}
{{- if not .name }}{{ fail "bundleEndpoints.service.ports: every entry needs a name" }}{{ end }}
{{- $target := int (required (printf "%s: targetPort is required" $where) .targetPort) }}
{{- if or (lt $target 1024) (gt $target 65535) }}
{{- fail (printf "%s: targetPort %d is not in 1024-65535" $where $target) }}
{{- end }}
{{- if has $target $taken }}
{{- fail (printf "%s: targetPort %d is taken (webhook, metrics or twice)" $where $target) }}
{{- end }}
{{- $taken = append $taken $target }}
{{- end }}
{{- end }}
