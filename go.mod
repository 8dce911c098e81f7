module github.com/tandemcare/tandem

go 1.26.8

require (
	github.com/go-telegram/bot v1.19.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/skip2/go-qrcode v0.0.0-20200617195104-da1b6568686e
	go.yaml.in/yaml/v3 v3.0.6
)

require github.com/robfig/cron/v3 v3.0.1
