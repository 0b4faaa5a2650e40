{
  common: { app: 'web', 'app.kubernetes.io/part-of': 'capstan-tests' },
}
